import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { resolveActor } from '../auth/actor';
import { authEvents } from '../auth/events';
import { db } from '../db';
import { withTenant } from '../db/tenant';
import { env } from '../env';
import { logger } from '../lib/logger';
import { toHeaders } from '../lib/request-meta';
import { attachPublisher, publish, rooms, type RoomEffects } from './publish';
import type { SocketData } from './types';

const effects: RoomEffects = {
  async memberChanged(io, e) {
    const sockets = await io.in(rooms.user(e.userId)).fetchSockets();
    for (const s of sockets) {
      if (e.role === null) {
        // Leave the workspace room and every room under it (channels come later).
        for (const room of s.rooms) {
          if (
            room === rooms.workspace(e.workspaceId) ||
            room.startsWith(`${rooms.workspace(e.workspaceId)}:`)
          )
            s.leave(room);
        }
      } else if (e.reason === 'joined') {
        s.join(rooms.workspace(e.workspaceId));
      }
    }
  },
  sessionRevoked(io, e) {
    const target = e.sessionId ? rooms.session(e.sessionId) : rooms.user(e.userId);
    io.in(target).disconnectSockets(true);
    return Promise.resolve();
  },
};

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}

/**
 * Socket.IO on the app's HTTP server. The handshake authenticates with the same resolveActor as
 * HTTP (session cookie, or `auth.token` as a bearer token), checks Origin against the allow-list,
 * and joins `ws:<id>` only for workspaces the user is a member of (read under RLS).
 */
export function createRealtime(httpServer: HttpServer): Realtime {
  const allowed = new Set(env().ALLOWED_ORIGINS);
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(
    httpServer,
    {
      path: '/socket.io',
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
      // Non-browser clients send no Origin; browsers always do, and it must be on the list.
      allowRequest: (req, cb) => {
        const origin = req.headers.origin;
        cb(null, origin === undefined || allowed.has(origin));
      },
      cors: { origin: [...allowed], credentials: true },
    },
  );

  io.use((socket, next) => void handshake(socket, next));
  async function handshake(socket: Parameters<Parameters<typeof io.use>[0]>[0], next: (err?: Error) => void) {
    try {
      const headers = toHeaders(socket.request.headers);
      const token: unknown = socket.handshake.auth.token;
      if (typeof token === 'string' && token.length > 0 && token.length < 512)
        headers.set('authorization', `Bearer ${token}`);
      const actor = await resolveActor(headers);
      if (actor?.kind !== 'user')
        return next(Object.assign(new Error('UNAUTHORIZED'), { data: { code: 'UNAUTHORIZED' } }));
      socket.data.actor = actor;
      // Rooms are joined before the client sees `connect`, so nothing published after that is missed.
      await socket.join([rooms.user(actor.userId), rooms.session(actor.sessionId)]);
      const memberships = await withTenant(db(), { workspaceId: null, userId: actor.userId }, (tx) =>
        tx.member.findMany({ where: { userId: actor.userId }, select: { workspaceId: true } }),
      );
      await socket.join(memberships.map((m) => rooms.workspace(m.workspaceId)));
      next();
    } catch (err) {
      logger.error({ err }, 'socket handshake failed');
      next(Object.assign(new Error('INTERNAL'), { data: { code: 'INTERNAL' } }));
    }
  }

  const onRevoked = ({ sessionId, userId }: { sessionId: string; userId: string }) =>
    void publish({ type: 'session:revoked', sessionId, userId, reason: 'revoked' });
  authEvents.on('session-revoked', onRevoked);
  attachPublisher(io, effects);

  return {
    io,
    close() {
      authEvents.off('session-revoked', onRevoked);
      attachPublisher(undefined);
      // Closing the engine drops transports without a "server disconnect", so clients reconnect.
      // (io.close() would also close the HTTP server, which the caller drains on its own.)
      io.engine.close();
      return Promise.resolve();
    },
  };
}
