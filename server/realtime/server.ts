import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { resolveActor } from '../auth/actor';
import type { AuthEvents } from '../auth/events';
import { env } from '../env';
import { asAppError } from '../lib/errors';
import { logFailure, logger } from '../lib/logger';
import { clientIp, toHeaders } from '../lib/request-meta';
import type { Runtime } from '../runtime';
import type { InFlight } from './handle';
import { registerHandlers } from './handlers';
import { SocketPublisher, type RoomEffects } from './publish';
import { reevaluateRooms } from './room-access';
import { restrictionsNow } from '../domain/lockdown/read';
import { atLeast } from '../../shared/roles';
import { rooms } from './rooms';
import { sweepSessions } from './session-sweep';
import type { AppServer, AppSocket } from './types';
import { SharedRuns } from '../lib/shared-runs';

const roomEffects = (rt: Runtime): RoomEffects => ({
  async memberChanged(io, e) {
    const sockets = await io.in(rooms.user(e.userId)).fetchSockets();
    // A full lockdown shuts out everyone but admins: a new role moves the person's sockets in or out.
    if (e.role !== null && e.reason === 'role_changed') {
      const held =
        (await restrictionsNow(rt, e.workspaceId)).lockdown?.mode === 'full' && !atLeast(e.role, 'admin');
      const shut = rooms.lockedOut(e.workspaceId);
      for (const s of sockets) {
        if (held) s.join(shut);
        else s.leave(shut);
      }
    }
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
      } else {
        if (e.reason === 'joined') s.join(rooms.workspace(e.workspaceId));
        // Non-guests hear of new record and visitor conversations; a demoted guest no longer does.
        if (e.role === 'guest') s.leave(rooms.staff(e.workspaceId));
        else s.join(rooms.staff(e.workspaceId));
      }
    }
    // A new role may read less: every conversation room is checked against the API's rule again.
    if (e.role !== null && e.reason === 'role_changed')
      await reevaluateRooms(io, rt.db.app, e.userId, e.workspaceId);
  },
  sessionRevoked(io, e) {
    const target = e.sessionId ? rooms.session(e.sessionId) : rooms.user(e.userId);
    io.in(target).disconnectSockets(true);
    return Promise.resolve();
  },
});

/** How long a closing node waits for the events it already received (sends above all) to be answered. */
const DRAIN_EVENTS_MS = 3_000;
/** And how long its connections may take to write out what they still hold. */
const FLUSH_MS = 1_000;

/** The part of an engine.io connection that closing one gracefully needs. */
interface EngineConnection {
  once(event: 'close', fn: () => void): void;
  close(): void;
}

export interface Realtime {
  io: AppServer;
  /** Re-checks every connected socket's session now (also runs on a timer); returns how many ended. */
  sweepSessions(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A handshake refusal: the client sees `connect_error` with this message and `data`. Socket.IO does
 * not retry a refusal by itself; the browser clients retry all but UNAUTHORIZED, after
 * `retryAfterSeconds` when given.
 */
const refuse = (
  code: 'UNAUTHORIZED' | 'TOO_MANY_REQUESTS' | 'UNAVAILABLE' | 'LOCKED' | 'INTERNAL',
  retryAfterSeconds?: number,
) => Object.assign(new Error(code), { data: retryAfterSeconds ? { code, retryAfterSeconds } : { code } });

/**
 * Socket.IO on the app's HTTP server. The handshake authenticates with the same resolveActor as
 * HTTP (session cookie, or `auth.token` as a bearer token: a session or a widget visitor's), checks
 * Origin against the allow-list, and joins `ws:<id>` only for workspaces the user is a member of
 * (read under RLS).
 */
export function createRealtime(httpServer: HttpServer, rt: Runtime): Realtime {
  const e = env();
  const allowed = new Set(e.ALLOWED_ORIGINS);
  let closing = false;
  const adapter = rt.cluster.socketAdapter();
  const io: AppServer = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // Non-browser clients send no Origin; browsers always do, and it must be on the list.
    allowRequest: (req, cb) => {
      const origin = req.headers.origin;
      cb(null, !closing && (origin === undefined || allowed.has(origin)));
    },
    cors: { origin: [...allowed], credentials: true },
    transports: e.SOCKET_POLLING ? ['polling', 'websocket'] : ['websocket'],
    // Several nodes: rooms, broadcasts, fetchSockets and disconnects reach every node through Redis.
    ...(adapter ? { adapter } : {}),
  });

  // The sockets of one person reconnecting together (tabs, devices, after a blip) share one read
  // of their memberships; the next handshake after it settled reads again.
  const reading = new SharedRuns<{ workspaceId: string; role: string }[]>();
  const membershipsOf = (userId: string) =>
    reading.run(userId, () =>
      rt.tenants.person(userId, (tx) =>
        tx.member.findMany({ where: { userId }, select: { workspaceId: true, role: true } }),
      ),
    );

  // The workspaces that shut this person out: a full lockdown (rooms.lockedOut: not admins), or a
  // quarantine of theirs (rooms.quarantined) unless it holds: then they read on.
  const shutOut = async (userId: string, memberships: { workspaceId: string; role: string }[]) => {
    const all = await Promise.all(memberships.map((m) => restrictionsNow(rt, m.workspaceId)));
    return memberships.flatMap((m, i) => {
      const r = all[i]!;
      const held = r.lockdown?.mode === 'full' && m.role !== 'admin' && m.role !== 'owner';
      return [
        ...(held ? [rooms.lockedOut(m.workspaceId)] : []),
        ...(r.quarantines.some((q) => q.userId === userId && !q.holds)
          ? [rooms.quarantined(m.workspaceId)]
          : []),
      ];
    });
  };

  io.use((socket, next) => void handshake(socket, next));
  async function handshake(socket: AppSocket, next: (err?: Error) => void) {
    try {
      if (closing) return next(refuse('UNAVAILABLE'));
      socket.data.node = rt.cluster.nodeId;
      socket.data.ip = clientIp(
        socket.request.socket.remoteAddress,
        socket.request.headers['x-forwarded-for'],
      );
      // Each handshake costs a session lookup: it draws on the same per-IP budget as requests.
      await rt.rateLimits.consume({ ip: socket.data.ip, global: true });
      const headers = toHeaders(socket.request.headers);
      const token: unknown = socket.handshake.auth.token;
      if (typeof token === 'string' && token.length > 0 && token.length < 512)
        headers.set('authorization', `Bearer ${token}`);
      const actor = await resolveActor(rt, headers);
      if (actor?.kind !== 'user' && actor?.kind !== 'visitor') return next(refuse('UNAUTHORIZED'));
      socket.data.actor = actor;
      // Rooms are joined before the client sees `connect`, so nothing published after that is missed.
      await socket.join([rooms.user(actor.userId), rooms.session(actor.sessionId)]);
      // A widget visitor hears only its own conversations (joined one by one, with the same check
      // as anyone), never workspace-wide events such as presence or channel changes.
      if (actor.kind === 'visitor') {
        // A full lockdown keeps visitors out altogether; the visitors' room hears of lockdowns.
        const r = await restrictionsNow(rt, actor.workspaceId);
        if (r.lockdown?.mode === 'full' || r.quarantines.some((q) => q.userId === actor.userId))
          return next(refuse('LOCKED'));
        await socket.join(rooms.visitors(actor.workspaceId));
        return next();
      }
      const memberships = await membershipsOf(actor.userId);
      await socket.join([
        ...memberships.map((m) => rooms.workspace(m.workspaceId)),
        ...memberships.filter((m) => m.role !== 'guest').map((m) => rooms.staff(m.workspaceId)),
        ...(await shutOut(actor.userId, memberships)),
      ]);
      next();
    } catch (err) {
      const app = asAppError(err);
      if (app?.code === 'TOO_MANY_REQUESTS') return next(refuse(app.code, app.details?.retryAfterSeconds));
      logFailure(err, 'socket handshake failed');
      next(
        app?.code === 'UNAVAILABLE' ? refuse(app.code, app.details?.retryAfterSeconds) : refuse('INTERNAL'),
      );
    }
  }

  // Presence work per socket (a broadcast, "last seen") touches the database; shutdown waits for
  // what is in flight so it does not race the pool closing.
  const inFlight = new Set<Promise<void>>();
  // Client events being handled: a draining node answers them before it lets its sockets go, and
  // takes no new ones meanwhile.
  const events = new Set<Promise<unknown>>();
  const handling: InFlight = {
    get draining() {
      return closing;
    },
    add(work) {
      events.add(work);
      void work.finally(() => events.delete(work));
    },
  };
  // Never a rejection left unhandled (that ends a Node process): presence logs what it cannot do.
  const track = (work: Promise<void>) => {
    const p = work.catch((err: unknown) => logger.error({ err }, 'presence update failed'));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  io.on('connection', (socket) => {
    const { userId } = socket.data.actor;
    registerHandlers(rt, socket, handling);
    track(rt.presence.connected(userId, socket.id));
    socket.on('disconnect', () => track(rt.presence.disconnected(userId, socket.id, { silent: closing })));
  });

  const publisher = new SocketPublisher(io, roomEffects(rt));
  const detach = rt.attachRealtime({ events: publisher, live: publisher });
  const onRevoked = ({ sessionId, userId, reason }: AuthEvents['session-revoked'][0]) =>
    void publisher.publish({ type: 'session:revoked', sessionId, userId, reason: reason ?? 'revoked' });
  const onAllRevoked = ({ userId }: AuthEvents['user-sessions-revoked'][0]) =>
    void publisher.publish({ type: 'session:revoked', sessionId: null, userId, reason: 'revoked' });
  rt.authEvents.on('session-revoked', onRevoked);
  rt.authEvents.on('user-sessions-revoked', onAllRevoked);

  let sweeping: Promise<number> | undefined;
  const sweep = () =>
    (sweeping ??= sweepSessions(io, rt, publisher)
      .catch((err: unknown) => {
        logger.error({ err }, 'session sweep failed');
        return 0;
      })
      .finally(() => (sweeping = undefined)));
  const timer = setInterval(() => void sweep(), e.REALTIME_SESSION_CHECK_SECONDS * 1000);
  timer.unref();

  return {
    io,
    sweepSessions: sweep,
    async close() {
      closing = true;
      clearInterval(timer);
      rt.authEvents.off('session-revoked', onRevoked);
      rt.authEvents.off('user-sessions-revoked', onAllRevoked);
      // Sends (and every other event) already received are answered first, within a bound; events
      // arriving meanwhile are refused as UNAVAILABLE. Then the sockets go and reconnect elsewhere.
      const deadline = Date.now() + DRAIN_EVENTS_MS;
      while (events.size > 0 && Date.now() < deadline) {
        await Promise.race([
          Promise.allSettled([...events]),
          new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now()))),
        ]);
      }
      detach();
      // Each connection is closed after what it still has to send (acks above all) is written;
      // engine.close() alone would discard that. Closing transports, not the Socket.IO sockets,
      // means no "server disconnect": clients reconnect (to another node, or to this one once it
      // is back). io.close() would also close the HTTP server, which the caller drains on its own.
      const conns = [...io.of('/').sockets.values()].map((s) => s.conn as EngineConnection);
      await Promise.race([
        Promise.all(
          conns.map(
            (c) =>
              new Promise<void>((resolve) => {
                c.once('close', () => resolve());
                c.close();
              }),
          ),
        ),
        new Promise((r) => setTimeout(r, FLUSH_MS)),
      ]);
      io.engine.close();
      // The adapter's stream reader and heartbeat stop with it (io.close() would end the HTTP server).
      void io.of('/').adapter.close();
      await Promise.allSettled([...inFlight])
        .then(() => rt.presence.reset())
        .catch((err: unknown) => logger.warn({ err }, 'presence of this node not cleared'));
    },
  };
}
