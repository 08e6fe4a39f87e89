import { searchInput, searchOutput } from '../../domain/search/schemas';
import { searchMessages } from '../../domain/search/service';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('search');

export const searchRouter = router({
  messages: api.get(
    { role: 'guest' },
    '/workspaces/{workspaceId}/search',
    searchInput,
    searchOutput,
    searchMessages,
  ),
});
