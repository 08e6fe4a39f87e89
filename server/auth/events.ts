import { EventEmitter } from 'node:events';

/**
 * Identity events that other parts react to (the realtime layer disconnects revoked sessions).
 * Kept as an emitter so that auth does not import realtime.
 */
export interface AuthEvents {
  'session-revoked': [{ sessionId: string; userId: string; reason?: 'sign_out' | 'revoked' }];
  'user-sessions-revoked': [{ userId: string }];
}
export const authEvents = new EventEmitter<AuthEvents>();
