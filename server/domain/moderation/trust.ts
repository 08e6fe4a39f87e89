import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import { atLeast, type Role } from '../../../shared/roles';
import type { Trust } from './schemas';

const DAY_MS = 86_400_000;
/** Messages counted toward trust: past this, more history adds nothing. */
const MESSAGES_CAP = 200;

/**
 * The standing of people in a workspace, 0..100, from what the workspace knows of them: staff
 * (moderators and up) are trusted outright; everyone else starts at 50 (widget visitors, who are
 * anonymous, at 30), gains a point a day of account age (up to 20) and a point per ten messages
 * (up to 20), and loses 8 per policy hit in the last 30 days and 20 per review that ended against
 * them in the last 90. One query for all of them: screening a batch of sends asks once, leaving
 * out the hits of the messages it screens.
 */
export async function trustOf(
  tx: Tx,
  workspaceId: string,
  userIds: readonly string[],
  opts: { now?: Date; notCounting?: readonly string[] } = {},
) {
  const now = opts.now ?? new Date();
  // The messages being screened: their own hits are already stored, and must not count twice.
  const skip = opts.notCounting?.length
    ? Prisma.join(opts.notCounting.map((id) => Prisma.sql`${id}::uuid`))
    : null;
  const ids = [...new Set(userIds)];
  const out = new Map<string, Trust>();
  if (ids.length === 0) return out;
  const since30 = new Date(now.getTime() - 30 * DAY_MS);
  const since90 = new Date(now.getTime() - 90 * DAY_MS);
  const rows = await tx.$queryRaw<
    {
      id: string;
      created_at: Date;
      role: Role | null;
      visitor: boolean;
      messages: number;
      hits: number;
      upheld: number;
    }[]
  >`
    SELECT u.id, u.created_at, m.role,
      EXISTS (SELECT 1 FROM widget_visitor v WHERE v.workspace_id = ${workspaceId}::uuid AND v.user_id = u.id) AS visitor,
      (SELECT count(*)::int FROM (SELECT 1 FROM message x
         WHERE x.workspace_id = ${workspaceId}::uuid AND x.author_id = u.id LIMIT ${MESSAGES_CAP}) c) AS messages,
      (SELECT count(*)::int FROM policy_hit h WHERE h.workspace_id = ${workspaceId}::uuid AND h.user_id = u.id
         AND h.source <> 'limit' AND h.created_at > ${since30}
         AND ${skip ? Prisma.sql`(h.message_id IS NULL OR h.message_id NOT IN (${skip}))` : Prisma.sql`TRUE`}) AS hits,
      (SELECT count(*)::int FROM review r WHERE r.workspace_id = ${workspaceId}::uuid AND r.author_id = u.id
         AND r.status IN ('deleted', 'warned', 'quarantined') AND r.decided_at > ${since90}) AS upheld
    FROM "user" u
    LEFT JOIN member m ON m.workspace_id = ${workspaceId}::uuid AND m.user_id = u.id
    WHERE u.id IN (${Prisma.join(ids)})`;
  for (const r of rows) {
    const accountDays = Math.max(0, Math.floor((now.getTime() - r.created_at.getTime()) / DAY_MS));
    const kind = r.visitor ? 'visitor' : r.role && atLeast(r.role, 'moderator') ? 'staff' : 'member';
    out.set(r.id, {
      userId: r.id,
      score: trustScore({ kind, accountDays, messages: r.messages, recentHits: r.hits, upheld: r.upheld }),
      factors: { accountDays, messages: r.messages, recentHits: r.hits, upheld: r.upheld, kind },
    });
  }
  return out;
}

/** The rule itself, without the database (its test walks the factors). */
export function trustScore(f: Trust['factors']): number {
  if (f.kind === 'staff') return 100;
  const start = f.kind === 'visitor' ? 30 : 50;
  const raw =
    start +
    Math.min(20, f.accountDays) +
    Math.min(20, Math.floor(f.messages / 10)) -
    8 * f.recentHits -
    20 * f.upheld;
  return Math.max(0, Math.min(100, raw));
}
