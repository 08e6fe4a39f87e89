import { searchInput, searchOutput } from '../../domain/search/schemas';
import { searchMessages } from '../../domain/search/service';
import { router } from '../init';
import { workspaceProcedure } from '../procedures';

export const searchRouter = router({
  messages: workspaceProcedure({ role: 'guest' })
    .meta({
      openapi: { method: 'GET', path: '/workspaces/{workspaceId}/search', tags: ['search'], protect: true },
    })
    .input(searchInput)
    .output(searchOutput)
    .query(({ ctx, input }) => searchMessages(ctx, input)),
});
