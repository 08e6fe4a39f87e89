import type { Db } from '../db/client';
import { conversationsAccess } from '../gate/access';
import { rooms } from './rooms';
import type { AppServer } from './types';

/**
 * Re-checks every conversation room of a person's sockets in one workspace against the rule that
 * lets them read it (the API's), and leaves those it no longer allows: after a role change (a
 * member demoted to guest stops hearing public channels and record conversations at once).
 */
export async function reevaluateRooms(io: AppServer, db: Db, userId: string, workspaceId: string) {
  const sockets = await io.in(rooms.user(userId)).fetchSockets();
  const prefix = `${rooms.workspace(workspaceId)}:c:`;
  const held = new Set<string>();
  for (const s of sockets)
    for (const r of s.rooms) if (r.startsWith(prefix)) held.add(r.slice(prefix.length));
  if (held.size === 0) return;
  const allowed = await conversationsAccess(db, userId, workspaceId, [...held]);
  for (const s of sockets) {
    for (const r of s.rooms) if (r.startsWith(prefix) && !allowed.has(r.slice(prefix.length))) s.leave(r);
  }
}
