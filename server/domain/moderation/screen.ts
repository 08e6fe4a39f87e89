import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { logFailure } from '../../lib/logger';
import { appendAudit } from '../audit/append';
import { SYSTEM } from '../lockdown/quarantine';
import type { Deps } from '../deps';
import type { DomainEvent, ModerationChange } from '../events';
import type { PolicyHit } from '../policy/evaluate';
import type { SecurityPolicy } from '../policy/schemas';
import { threatScore } from './score';
import { trustOf } from './trust';
import { adminIdsOf, moderatorIdsOf } from '../member/admins';

const MINUTE = 60_000;
/** Rate-limit offences this recent weigh on a message's score. */
const OFFENCE_WINDOW_MINUTES = 10;

export interface Caught {
  messageId: string;
  conversationId: string;
  authorId: string;
  hits: readonly PolicyHit[];
}

/**
 * After the policy has let messages through with hits: scores each, opens a review for those the
 * policy flagged or whose score reaches the workspace's review threshold, alerts the admins of the
 * latter, and quarantines the author of a message at the quarantine threshold (never staff).
 * Returns the events to publish after commit. Runs in the transaction `tx` is: the send's own
 * from the API, a new one after a batch of socket sends.
 */
export async function screen(
  tx: Tx,
  workspaceId: WorkspaceId,
  policy: SecurityPolicy,
  all: readonly Caught[],
  now = new Date(),
): Promise<DomainEvent[]> {
  const caught = all.filter((c) => c.hits.length > 0);
  if (caught.length === 0) return [];
  const authors = [...new Set(caught.map((c) => c.authorId))];
  const [trust, offences] = await Promise.all([
    trustOf(tx, workspaceId, authors, { now, notCounting: caught.map((c) => c.messageId) }),
    recentOffences(tx, workspaceId, authors, now),
  ]);
  const { holdAt, quarantineAt } = policy.threat;
  const events: DomainEvent[] = [];
  const over: { c: Caught; score: number }[] = [];
  const quarantined = new Map<string, { reason: string; endsAt: Date; holds: boolean }>();
  let queued = 0;
  for (const c of caught) {
    const t = trust.get(c.authorId);
    const score = threatScore(c.hits, t?.score ?? 50, offences.get(c.authorId) ?? 0);
    const flagged = c.hits.some((h) => h.action === 'flag');
    if (!flagged && score < holdAt) continue;
    // An edit of a message already reviewed opens it again, with the higher of the two scores.
    await tx.$executeRaw`
      INSERT INTO review (workspace_id, message_id, conversation_id, author_id, score, flagged)
      VALUES (${workspaceId}::uuid, ${c.messageId}::uuid, ${c.conversationId}::uuid, ${c.authorId}, ${score}, ${flagged})
      ON CONFLICT (workspace_id, message_id) DO UPDATE SET
        score = GREATEST(review.score, EXCLUDED.score), flagged = review.flagged OR EXCLUDED.flagged,
        status = 'open', decided_by = NULL, decided_at = NULL, note = NULL`;
    queued += 1;
    if (score < holdAt) continue;
    over.push({ c, score });
    if (score >= quarantineAt && t?.factors.kind !== 'staff' && !quarantined.has(c.authorId)) {
      const q = await autoQuarantine(tx, workspaceId, c, score, policy.threat, now);
      if (q) quarantined.set(c.authorId, q);
    }
  }
  if (queued > 0) events.push(await queueChanged(tx, workspaceId, 'queued'));
  if (over.length === 0) return events;
  const [admins, names] = await Promise.all([
    adminIdsOf(tx, workspaceId),
    tx.user.findMany({ where: { id: { in: authors } }, select: { id: true, name: true } }),
  ]);
  const nameOf = (id: string) => names.find((n) => n.id === id)?.name ?? 'A member';
  for (const { c, score } of over)
    events.push({
      type: 'security:alert',
      workspaceId,
      kind: 'message',
      message: `A message from ${nameOf(c.authorId)} scored ${score} and waits in the moderation queue.`,
      admins,
    });
  for (const [userId, q] of quarantined) {
    const visitor = await tx.widgetVisitor.findUnique({
      where: { workspaceId_userId: { workspaceId, userId } },
      select: { userId: true },
    });
    events.push({
      type: 'member:quarantine',
      workspaceId,
      userId,
      visitor: visitor !== null,
      quarantine: { reason: q.reason, endsAt: q.endsAt.toISOString(), holds: q.holds },
      admins,
    });
  }
  return events;
}

/** Tells the workspace's moderators, after commit, that its queue changed. */
export async function queueChanged(
  tx: Tx,
  workspaceId: string,
  change: ModerationChange,
): Promise<DomainEvent> {
  return {
    type: 'moderation:updated',
    workspaceId,
    change,
    moderators: await moderatorIdsOf(tx, workspaceId),
  };
}

/**
 * The same in a transaction of `read`'s, never failing the send it follows: a message already
 * stored stays stored (what could not be screened is logged).
 */
export async function screenSafely(
  read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  ...args: Parameters<typeof screen> extends [Tx, ...infer Rest] ? Rest : never
): Promise<DomainEvent[]> {
  if (args[2].length === 0) return [];
  try {
    return await read((tx) => screen(tx, ...args));
  } catch (err) {
    logFailure(err, 'could not screen messages for review', { workspaceId: args[0] });
    return [];
  }
}

/**
 * Publishes what a send or an edit produced, after commit. An automatic quarantine changed the
 * workspace's restrictions: every node forgets them first.
 */
export async function publishScreened(
  deps: Pick<Deps, 'events' | 'restrictions'>,
  workspaceId: string,
  events: readonly DomainEvent[],
) {
  if (events.some((e) => e.type === 'member:quarantine')) deps.restrictions.forget(workspaceId);
  for (const e of events) await deps.events.publish(e);
}

/** Each author's rate-limit offences of the last ten minutes (they weigh on a score). */
export async function recentOffences(tx: Tx, workspaceId: string, authors: string[], now: Date) {
  const since = new Date(now.getTime() - OFFENCE_WINDOW_MINUTES * MINUTE);
  const rows = await tx.$queryRaw<{ user_id: string; n: number }[]>`
    SELECT user_id, count(*)::int AS n FROM policy_hit
    WHERE workspace_id = ${workspaceId}::uuid AND source = 'limit' AND created_at > ${since}
      AND user_id IN (${Prisma.join(authors)})
    GROUP BY user_id`;
  return new Map(rows.map((r) => [r.user_id, r.n]));
}

/** Starts the automatic quarantine unless one is in force already; what started, or null. */
async function autoQuarantine(
  tx: Tx,
  workspaceId: WorkspaceId,
  c: Caught,
  score: number,
  threat: Pick<SecurityPolicy['threat'], 'quarantineMinutes' | 'quarantineHolds'>,
  now: Date,
): Promise<{ reason: string; endsAt: Date; holds: boolean } | null> {
  await tx.$executeRaw`
    UPDATE quarantine SET ended_at = ends_at
    WHERE workspace_id = ${workspaceId}::uuid AND user_id = ${c.authorId} AND ended_at IS NULL AND ends_at <= ${now}`;
  const endsAt = new Date(now.getTime() + threat.quarantineMinutes * MINUTE);
  const holds = threat.quarantineHolds;
  const reason = `Automatic: a message scored ${score} (the threshold is part of this workspace's policy)`;
  const started = await tx.$executeRaw`
    INSERT INTO quarantine (workspace_id, user_id, reason, started_by, started_at, ends_at, holds)
    VALUES (${workspaceId}::uuid, ${c.authorId}, ${reason}, ${SYSTEM}, ${now}, ${endsAt}, ${holds})
    ON CONFLICT (workspace_id, user_id) WHERE ended_at IS NULL DO NOTHING`;
  if (started === 0) return null;
  await appendAudit(tx, workspaceId, {
    action: 'member.quarantine',
    actor: { type: 'system', id: null },
    target: { type: 'user', id: c.authorId },
    data: { reason, automatic: true, score, messageId: c.messageId, endsAt: endsAt.toISOString(), holds },
  });
  return { reason, endsAt, holds };
}
