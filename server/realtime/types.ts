import type { Actor } from '../auth/actor';

export interface SocketData {
  actor: Extract<Actor, { kind: 'user' }>;
}
