import type { Server } from 'socket.io';
import type { Role } from '../domain/member/roles';
import { logger } from '../lib/logger';

/**
 * The only way anything reaches a socket. Each event's payload is built here from an allow-list of
 * fields, so a database row can never leak whole into a client. Called after commit.
 */
export type PublishEvent =
  | { type: 'member:updated'; workspaceId: string; userId: string; role: Role | null; reason: MemberChange }
  | {
      type: 'session:revoked';
      userId: string;
      sessionId: string | null;
      reason: 'sign_out' | 'revoked' | 'expired';
    };

export type MemberChange = 'joined' | 'role_changed' | 'removed' | 'left';

export const rooms = {
  workspace: (id: string) => `ws:${id}`,
  user: (id: string) => `user:${id}`,
  session: (id: string) => `session:${id}`,
};

/** Side effects on socket membership that follow an event (leaving rooms, disconnecting). */
export interface RoomEffects {
  memberChanged(io: Server, e: Extract<PublishEvent, { type: 'member:updated' }>): Promise<void>;
  sessionRevoked(io: Server, e: Extract<PublishEvent, { type: 'session:revoked' }>): Promise<void>;
}

let io: Server | undefined;
let effects: RoomEffects | undefined;

export function attachPublisher(server: Server | undefined, roomEffects?: RoomEffects) {
  io = server;
  effects = roomEffects;
}

export async function publish(e: PublishEvent): Promise<void> {
  if (!io) return; // no realtime server in this process (CLI, some tests)
  try {
    switch (e.type) {
      case 'member:updated': {
        const payload = { workspaceId: e.workspaceId, userId: e.userId, role: e.role, reason: e.reason };
        io.to(rooms.workspace(e.workspaceId)).to(rooms.user(e.userId)).emit('member:updated', payload);
        await effects?.memberChanged(io, e);
        break;
      }
      case 'session:revoked': {
        const payload = { reason: e.reason };
        const target = e.sessionId ? rooms.session(e.sessionId) : rooms.user(e.userId);
        io.to(target).emit('session:revoked', payload);
        await effects?.sessionRevoked(io, e);
        break;
      }
    }
  } catch (err) {
    logger.error({ err, event: e.type }, 'publish failed');
  }
}
