import { db } from '../db';
import { publish } from './publish';
import type { AppServer } from './types';

const BATCH = 1000;

/**
 * Sign-out and better-auth's revocations reach sockets at once through the session delete hook.
 * This sweep catches every other path (expiry, a row deleted by SQL or by a job): each connected
 * socket's session must still exist and be unexpired, or the socket is told and disconnected.
 */
export async function sweepSessions(io: AppServer): Promise<number> {
  const owners = new Map<string, string>(); // sessionId → userId
  for (const s of io.of('/').sockets.values()) owners.set(s.data.actor.sessionId, s.data.actor.userId);
  if (owners.size === 0) return 0;
  const ids = [...owners.keys()];
  const now = new Date();
  const live = new Set<string>();
  const expired = new Set<string>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await db().session.findMany({
      where: { id: { in: ids.slice(i, i + BATCH) } },
      select: { id: true, expiresAt: true },
    });
    for (const r of rows) (r.expiresAt > now ? live : expired).add(r.id);
  }
  let ended = 0;
  for (const [sessionId, userId] of owners) {
    if (live.has(sessionId)) continue;
    ended++;
    await publish({
      type: 'session:revoked',
      sessionId,
      userId,
      reason: expired.has(sessionId) ? 'expired' : 'revoked',
    });
  }
  return ended;
}
