import { threadReplies } from '../../domain/history/service';
import { pageOutput, threadInput } from '../../domain/history/schemas';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('thread');

export const threadRouter = router({
  // The replies of one thread, paged by sequence like history.
  replies: api.get(
    { role: 'guest', visitor: true },
    '/workspaces/{workspaceId}/messages/{messageId}/replies',
    threadInput,
    pageOutput,
    threadReplies,
  ),
});
