import { threadReplies } from '../../domain/history/service';
import { pageOutput, threadInput } from '../../domain/history/schemas';
import { router } from '../init';
import { workspaceProcedure } from '../procedures';

export const threadRouter = router({
  // The replies of one thread, paged by sequence like history.
  replies: workspaceProcedure({ role: 'guest', visitor: true })
    .meta({
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/messages/{messageId}/replies',
        tags: ['thread'],
        protect: true,
      },
    })
    .input(threadInput)
    .output(pageOutput)
    .query(({ ctx, input }) => threadReplies(ctx, input)),
});
