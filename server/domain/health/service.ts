import { duration } from '../audit/freshness';
import { readLockdown } from '../lockdown/read';
import { getPolicy } from '../policy/service';
import type { ServiceCtx } from '../scope';
import type { Health } from './schemas';

// A round trip slower than this is what people notice as "messages hang".
const SLOW_DATABASE_MS = 500;
// More waiting jobs than this means the workers are behind, not busy.
const QUEUE_BACKLOG = 1000;

/** The newest signed checkpoint and the oldest entry after it, if that entry is overdue. */
async function auditFacts({ tx, scope }: ServiceCtx, now: Date, intervalSeconds: number) {
  const ws = scope.workspaceId;
  const [head, newest] = await Promise.all([
    tx.auditEvent.findFirst({ where: { workspaceId: ws }, orderBy: { seq: 'desc' }, select: { seq: true } }),
    tx.auditCheckpoint.findFirst({
      where: { workspaceId: ws },
      orderBy: { seq: 'desc' },
      select: { seq: true, createdAt: true },
    }),
  ]);
  const headSeq = head?.seq ?? 0n;
  const signedTo = newest?.seq ?? 0n;
  const firstUnsigned =
    headSeq > signedTo
      ? await tx.auditEvent.findUnique({
          where: { workspaceId_seq: { workspaceId: ws, seq: signedTo + 1n } },
          select: { createdAt: true },
        })
      : null;
  const ms = (d: Date) => Math.max(0, now.getTime() - d.getTime());
  const seconds = (d: Date) => Math.floor(ms(d) / 1000);
  const waitingMs = firstUnsigned ? ms(firstUnsigned.createdAt) : 0;
  return {
    headSeq,
    checkpointAgeSeconds: newest ? seconds(newest.createdAt) : null,
    // Entries younger than two intervals are simply waiting for the next run.
    overdueSeconds:
      firstUnsigned && waitingMs > 2000 * intervalSeconds ? seconds(firstUnsigned.createdAt) : null,
  };
}

/**
 * How this workspace's chat is doing, from the node that answers: the database round trip, its
 * sockets on every node, Redis, the job queue, the audit chain's newest checkpoint and the policy
 * version. Each thing that is wrong is named in `problems`.
 */
export async function workspaceHealth(
  ctx: ServiceCtx,
  opts: { intervalSeconds: number; now?: Date },
): Promise<Health> {
  const now = opts.now ?? new Date();
  const started = performance.now();
  await ctx.tx.$queryRaw`SELECT 1`;
  const databaseMs = Math.round((performance.now() - started) * 10) / 10;
  const [perNode, queued, audit, policy, lock] = await Promise.all([
    ctx.deps.live.socketsPerNode(ctx.scope.workspaceId),
    ctx.deps.system.queueDepth(),
    auditFacts(ctx, now, opts.intervalSeconds),
    getPolicy(ctx),
    readLockdown(ctx.tx, ctx.scope.workspaceId),
  ]);
  const cluster = ctx.deps.system.cluster();
  const nodes = [...perNode.nodes]
    .map(([node, sockets]) => ({ node, sockets }))
    .sort((a, b) => a.node.localeCompare(b.node));
  const problems: string[] = [];
  if (databaseMs > SLOW_DATABASE_MS)
    problems.push(`The database took ${Math.round(databaseMs)} ms to answer; messages will feel slow.`);
  if (cluster.scaled && !cluster.redisConnected)
    problems.push(
      `Node ${cluster.nodeId} cannot reach Redis: people connected to other nodes miss its messages until it does.`,
    );
  if (!perNode.everyNode)
    problems.push(`Only node ${cluster.nodeId}'s sockets are counted: the other nodes did not answer.`);
  if (queued !== null && queued > QUEUE_BACKLOG)
    problems.push(`${queued} background jobs are waiting; the workers are behind.`);
  if (audit.overdueSeconds !== null)
    problems.push(
      `Audit entries have waited ${duration(audit.overdueSeconds)} for a checkpoint (one is signed every ${duration(opts.intervalSeconds)}); is the job queue running?`,
    );
  return {
    status: problems.length === 0 ? 'ok' : 'degraded',
    problems,
    checkedAt: now.toISOString(),
    messaging: { database: databaseMs > SLOW_DATABASE_MS ? 'slow' : 'ok', databaseMs },
    sockets: { total: nodes.reduce((n, x) => n + x.sockets, 0), nodes, everyNode: perNode.everyNode },
    redis: { mode: cluster.scaled ? 'cluster' : 'single-node', connected: cluster.redisConnected },
    jobs: { running: queued !== null, queued },
    audit: {
      headSeq: audit.headSeq.toString(),
      checkpointAgeSeconds: audit.checkpointAgeSeconds,
      intervalSeconds: opts.intervalSeconds,
    },
    policy: { version: policy.version },
    lockdown: lock ? { mode: lock.mode, endsAt: lock.endsAt.toISOString() } : null,
  };
}
