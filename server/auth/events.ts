import { EventEmitter } from 'node:events';

/**
 * Identity events that other parts react to (the session cache forgets, the realtime layer
 * disconnects revoked sessions). An emitter, so that auth does not import realtime; one per
 * runtime.
 */
export interface AuthEvents {
  'session-revoked': [{ sessionId: string; userId: string; reason?: 'sign_out' | 'revoked' }];
  'user-sessions-revoked': [{ userId: string }];
}
export type AuthEventBus = EventEmitter<AuthEvents>;
export const createAuthEvents = (): AuthEventBus => new EventEmitter<AuthEvents>();
