import type { ChatSocket } from '../client/socket-store';
import type { Ack, AckError } from './types';

export type AckResult<T> =
  | { kind: 'ok'; data: T }
  | { kind: 'error'; error: AckError }
  | { kind: 'timeout' }
  | { kind: 'disconnected' };

/**
 * Emits through `start` (which must pass the callback as the event's ack) and settles with the ack,
 * a timeout, or the loss of the connection, whichever comes first. A lost connection is reported at
 * once rather than at the timeout, so the outbox can wait for the reconnect instead of failing.
 */
export function withAck<T>(
  socket: ChatSocket,
  timeoutMs: number,
  start: (ack: (res: Ack<T>) => void) => void,
): Promise<AckResult<T>> {
  if (!socket.connected) return Promise.resolve({ kind: 'disconnected' });
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: AckResult<T>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.off('disconnect', onDisconnect);
      resolve(r);
    };
    const onDisconnect = () => finish({ kind: 'disconnected' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    socket.on('disconnect', onDisconnect);
    start((res) => {
      if (res && typeof res === 'object' && 'ok' in res) {
        finish(res.ok ? { kind: 'ok', data: res.data } : { kind: 'error', error: res.error });
      } else {
        finish({ kind: 'error', error: { code: 'INTERNAL', message: 'Unexpected reply' } });
      }
    });
  });
}
