import type { EventSink } from '../domain/events';
import type { Runtime } from '../runtime';
import type { AppServer } from './types';

const BATCH = 1000;

/** Of these session ids, the ones whose row exists and is unexpired, and the expired ones. */
type Check = (ids: string[], now: Date) => Promise<{ id: string; expiresAt: Date }[]>;

const signedIn =
  (rt: Runtime): Check =>
  (ids) =>
    rt.tenants.global.session.findMany({ where: { id: { in: ids } }, select: { id: true, expiresAt: true } });

// Widget sessions are tenant rows: each workspace's are read in its own scope.
const widgetIn =
  (rt: Runtime, workspaceId: string): Check =>
  (ids) =>
    rt.tenants.system(workspaceId, (tx) =>
      tx.widgetSession.findMany({ where: { id: { in: ids } }, select: { id: true, expiresAt: true } }),
    );

/**
 * Sign-out and better-auth's revocations reach sockets at once through the session delete hook.
 * This sweep catches every other path (expiry, a row deleted by SQL or by a job): each connected
 * socket's session (or widget session) must still exist and be unexpired, or the socket is told
 * and disconnected.
 */
export async function sweepSessions(io: AppServer, rt: Runtime, events: EventSink): Promise<number> {
  // check → sessionId → userId
  const groups = new Map<string, { check: Check; owners: Map<string, string> }>();
  for (const s of io.of('/').sockets.values()) {
    const a = s.data.actor;
    const key = a.kind === 'visitor' ? `w:${a.workspaceId}` : 'user';
    let g = groups.get(key);
    if (!g) {
      g = { check: a.kind === 'visitor' ? widgetIn(rt, a.workspaceId) : signedIn(rt), owners: new Map() };
      groups.set(key, g);
    }
    g.owners.set(a.sessionId, a.userId);
  }
  let ended = 0;
  const now = new Date();
  for (const { check, owners } of groups.values()) {
    const ids = [...owners.keys()];
    const live = new Set<string>();
    const expired = new Set<string>();
    for (let i = 0; i < ids.length; i += BATCH) {
      for (const r of await check(ids.slice(i, i + BATCH), now))
        (r.expiresAt > now ? live : expired).add(r.id);
    }
    for (const [sessionId, userId] of owners) {
      if (live.has(sessionId)) continue;
      ended++;
      await events.publish({
        type: 'session:revoked',
        sessionId,
        userId,
        reason: expired.has(sessionId) ? 'expired' : 'revoked',
      });
    }
  }
  return ended;
}
