import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { env } from '../../env';
import { logFailure } from '../../lib/logger';
import { appendAudit } from '../audit/append';
import type { Deps } from '../deps';
import { activeHolds, type ActiveHolds } from './holds';

/** What a sweep of one workspace did; null when nothing there can expire (no rule with days). */
export interface SweepResult {
  runId: string;
  expired: number;
  deleted: number;
  held: number;
}

interface Rules {
  /** The workspace's days; null: kept for ever unless a channel says otherwise. */
  workspaceDays: number | null;
  /** The fewest days of any rule: nothing younger can have expired (an index bound). */
  minDays: number;
}

async function rulesOf(tx: Tx, workspaceId: string): Promise<Rules | null> {
  const rules = await tx.retentionRule.findMany({
    where: { workspaceId },
    select: { conversationId: true, messageDays: true },
  });
  const days = rules.flatMap((r) => (r.messageDays === null ? [] : [r.messageDays]));
  if (days.length === 0) return null;
  const own = rules.find((r) => r.conversationId === null);
  return { workspaceDays: own?.messageDays ?? null, minDays: Math.min(...days) };
}

/**
 * The messages that have expired as of `asOf`: older than their conversation's rule (its own, or
 * the workspace's when it has none; a channel kept for ever never expires). `m` is the message.
 */
const expiredWhere = (ws: string, rules: Rules, asOf: Date) => Prisma.sql`
  m.workspace_id = ${ws}::uuid
  AND m.created_at < ${asOf}::timestamptz - make_interval(days => ${rules.minDays}::int)
  AND m.created_at < ${asOf}::timestamptz - make_interval(days => (
    SELECT CASE WHEN r.workspace_id IS NULL THEN ${rules.workspaceDays}::int ELSE r.message_days END
    FROM (SELECT 1) one
    LEFT JOIN retention_rule r ON r.workspace_id = m.workspace_id AND r.conversation_id = m.conversation_id))`;

/** What a legal hold keeps: the whole workspace, its conversations, its people's messages. */
const heldWhere = (holds: ActiveHolds) => Prisma.sql`(
  ${holds.workspace}::boolean
  OR m.conversation_id = ANY(${[...holds.conversations]}::uuid[])
  OR coalesce(m.author_id, '') = ANY(${[...holds.people]}::text[]))`;

async function counts(tx: Tx, ws: string, rules: Rules, holds: ActiveHolds, asOf: Date) {
  const [row] = await tx.$queryRaw<{ expired: bigint; held: bigint }[]>`
    SELECT count(*) AS expired, count(*) FILTER (WHERE ${heldWhere(holds)}) AS held
    FROM message m WHERE ${expiredWhere(ws, rules, asOf)}`;
  return { expired: Number(row?.expired ?? 0n), held: Number(row?.held ?? 0n) };
}

/**
 * Deletes one batch of expired messages that nothing keeps: not under a legal hold, and with no
 * replies left (a reply that stays keeps its thread; replies go first, their thread after them,
 * so nothing is ever deleted with its parent before its own time). Parents that stay get their
 * reply counts again. Returns how many it deleted.
 */
async function deleteBatch(
  tx: Tx,
  ws: WorkspaceId,
  rules: Rules,
  holds: ActiveHolds,
  asOf: Date,
  limit: number,
) {
  const gone = await tx.$queryRaw<{ parent_id: string | null }[]>`
    DELETE FROM message d WHERE d.workspace_id = ${ws}::uuid AND d.id IN (
      SELECT m.id FROM message m
      WHERE ${expiredWhere(ws, rules, asOf)} AND NOT ${heldWhere(holds)}
        AND NOT EXISTS (SELECT 1 FROM message r WHERE r.workspace_id = m.workspace_id AND r.parent_id = m.id)
      ORDER BY m.created_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING d.parent_id`;
  const parents = [...new Set(gone.flatMap((g) => (g.parent_id ? [g.parent_id] : [])))];
  if (parents.length > 0)
    await tx.$executeRaw`
      UPDATE message p SET reply_count = (
        SELECT count(*) FROM message r WHERE r.workspace_id = p.workspace_id AND r.parent_id = p.id)
      WHERE p.workspace_id = ${ws}::uuid AND p.id = ANY(${parents}::uuid[])`;
  return gone.length;
}

/**
 * Sweeps one workspace as of `asOf` (the clock, which tests set): counts what has expired and what
 * a legal hold keeps, then deletes the rest in batches of `batch`, each its own transaction, the
 * run's progress written after each. Nothing younger than its rule is touched, to the millisecond.
 * The run is audited (as Enclave) when it deleted anything.
 */
export async function sweepWorkspace(
  deps: Pick<Deps, 'tenants'>,
  workspaceId: string,
  asOf: Date = new Date(),
  batch: number = env().RETENTION_BATCH,
): Promise<SweepResult | null> {
  const start = await deps.tenants.system(workspaceId, async (tx, ws) => {
    const rules = await rulesOf(tx, ws);
    if (!rules) return null;
    const holds = await activeHolds(tx, ws);
    const { expired, held } = await counts(tx, ws, rules, holds, asOf);
    const run = await tx.retentionRun.create({ data: { workspaceId: ws, asOf, expired, held } });
    return { rules, holds, run };
  });
  if (!start) return null;
  const { rules, holds, run } = start;
  const key = { workspaceId_id: { workspaceId, id: run.id } };
  let deleted = 0;
  try {
    for (;;) {
      const n = await deps.tenants.system(workspaceId, async (tx, ws) => {
        const moved = await deleteBatch(tx, ws, rules, holds, asOf, batch);
        await tx.retentionRun.update({ where: key, data: { deleted: { increment: moved } } });
        return moved;
      });
      deleted += n;
      if (n === 0) break;
    }
    await deps.tenants.system(workspaceId, async (tx, ws) => {
      await tx.retentionRun.update({ where: key, data: { status: 'done', finishedAt: new Date() } });
      if (deleted > 0)
        await appendAudit(tx, ws, {
          action: 'retention.sweep',
          actor: { type: 'system', id: null },
          target: { type: 'workspace', id: ws },
          data: { runId: run.id, asOf: asOf.toISOString(), deleted, held: run.held },
        });
    });
  } catch (err) {
    logFailure(err, 'retention sweep failed', { workspaceId, runId: run.id });
    await deps.tenants
      .system(workspaceId, (tx) =>
        tx.retentionRun.update({
          where: key,
          data: {
            status: 'failed',
            finishedAt: new Date(),
            error: 'The sweep stopped; the next one goes on',
          },
        }),
      )
      .catch((e: unknown) => logFailure(e, 'could not record a failed retention sweep', { workspaceId }));
    throw err;
  }
  return { runId: run.id, expired: run.expired, deleted, held: run.held };
}

/** Every workspace with a retention rule, for the hourly sweep (read as the owner role: all tenants). */
export async function workspacesWithRules(admin: Pick<Tx, '$queryRaw'>): Promise<string[]> {
  const rows = await admin.$queryRaw<{ workspace_id: string }[]>`
    SELECT DISTINCT workspace_id FROM retention_rule WHERE message_days IS NOT NULL`;
  return rows.map((r) => r.workspace_id);
}
