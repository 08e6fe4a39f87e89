import { presenceSetInput } from '../domain/presence/schemas';
import { setPresence } from '../domain/presence/service';
import { handle, handleUnknown } from './handle';
import type { AppSocket } from './types';

/** Every client event, thin: validate, limit, call the domain. Keep in step with clientEventNames. */
export function registerHandlers(socket: AppSocket) {
  handle(socket, 'presence:set', {
    schema: presenceSetInput,
    handler: ({ actor }, input) => setPresence(actor.userId, input),
  });
  handleUnknown(socket);
}
