import { z } from 'zod';
import { env } from '../../env';
import { AppError, notFound } from '../../lib/errors';
import { audit } from '../audit/append';
import { requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import { namesIn } from './names';
import type { setAuditRetentionInput, setChannelRetentionInput, setRetentionInput } from './schemas';
import { AUDIT_RETENTION } from '../../../shared/retention';

/** Runs shown with the rules. */
const RUNS = 10;
const runStatus = z.enum(['running', 'done', 'failed']);

/** The workspace's retention: its rule, the channels' own, and the sweep's newest runs. */
export async function getRetention(ctx: ServiceCtx) {
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  const [rules, runs, auditRule, pruned] = await Promise.all([
    tx.retentionRule.findMany({ where: { workspaceId: ws }, orderBy: { setAt: 'asc' } }),
    tx.retentionRun.findMany({ where: { workspaceId: ws }, orderBy: { startedAt: 'desc' }, take: RUNS }),
    tx.auditRetention.findUnique({ where: { workspaceId: ws } }),
    tx.auditPrune.findFirst({ where: { workspaceId: ws }, orderBy: { beforeSeq: 'desc' } }),
  ]);
  const own = rules.find((r) => r.conversationId === null);
  const channels = rules.filter((r) => r.conversationId !== null);
  const names = await namesIn(
    tx,
    ws,
    rules.map((r) => r.setBy),
    channels.map((r) => r.conversationId ?? ''),
  );
  return {
    messageDays: own?.messageDays ?? null,
    setBy: own ? names.person(own.setBy) : null,
    setAt: own?.setAt.toISOString() ?? null,
    channels: channels
      .map((r) => ({
        conversationId: r.conversationId ?? '',
        name: names.conversation(r.conversationId ?? ''),
        messageDays: r.messageDays,
        setBy: names.person(r.setBy),
        setAt: r.setAt.toISOString(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    runs: runs.map((r) => ({
      id: r.id,
      asOf: r.asOf.toISOString(),
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      status: runStatus.catch('failed').parse(r.status),
      expired: r.expired,
      deleted: r.deleted,
      held: r.held,
      error: r.error,
    })),
    audit: {
      days: auditRule?.days ?? AUDIT_RETENTION.default,
      isDefault: !auditRule,
      prunedBefore: pruned
        ? {
            seq: pruned.beforeSeq.toString(),
            cutoff: pruned.cutoff.toISOString(),
            prunedAt: pruned.prunedAt.toISOString(),
            removed: pruned.removed,
          }
        : null,
    },
    sweepEverySeconds: env().RETENTION_SWEEP_SECONDS,
  };
}

/** Sets how long the audit log keeps entries (null: the default, seven years). Owners only. */
export async function setAuditRetention(ctx: ServiceCtx, input: z.infer<typeof setAuditRetentionInput>) {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  const before = await tx.auditRetention.findUnique({ where: { workspaceId: ws } });
  if (input.days === null) await tx.auditRetention.deleteMany({ where: { workspaceId: ws } });
  else
    await tx.auditRetention.upsert({
      where: { workspaceId: ws },
      create: { workspaceId: ws, days: input.days, setBy: me },
      update: { days: input.days, setBy: me, setAt: new Date() },
    });
  await audit(
    ctx,
    'retention.update',
    { type: 'workspace', id: ws },
    {
      scope: 'audit',
      from: before?.days ?? AUDIT_RETENTION.default,
      to: input.days ?? AUDIT_RETENTION.default,
    },
  );
  return getRetention(ctx);
}

/** Sets how long the workspace keeps messages (null: for ever), audited with the old and new rule. */
export async function setRetention(ctx: ServiceCtx, input: z.infer<typeof setRetentionInput>) {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  const before = await tx.retentionRule.findFirst({ where: { workspaceId: ws, conversationId: null } });
  if (input.messageDays === null)
    await tx.retentionRule.deleteMany({ where: { workspaceId: ws, conversationId: null } });
  else if (before)
    await tx.retentionRule.update({
      where: { workspaceId_id: { workspaceId: ws, id: before.id } },
      data: { messageDays: input.messageDays, setBy: me, setAt: new Date() },
    });
  else
    await tx.retentionRule.create({ data: { workspaceId: ws, messageDays: input.messageDays, setBy: me } });
  await audit(
    ctx,
    'retention.update',
    { type: 'workspace', id: ws },
    {
      scope: 'workspace',
      from: before?.messageDays ?? null,
      to: input.messageDays,
    },
  );
  return getRetention(ctx);
}

/** Gives a channel a rule of its own (days, or null: for ever), or takes it away ('inherit'). */
export async function setChannelRetention(ctx: ServiceCtx, input: z.infer<typeof setChannelRetentionInput>) {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  const conv = await tx.conversation.findFirst({
    where: { workspaceId: ws, id: input.conversationId },
    select: { id: true, kind: true },
  });
  if (!conv) throw notFound('Conversation');
  if (conv.kind !== 'channel')
    throw new AppError(
      'VALIDATION',
      'Only channels have rules of their own; other conversations follow the workspace',
      {
        fieldErrors: { conversationId: ['Choose a channel'] },
      },
    );
  const before = await tx.retentionRule.findFirst({ where: { workspaceId: ws, conversationId: conv.id } });
  if (input.messageDays === 'inherit')
    await tx.retentionRule.deleteMany({ where: { workspaceId: ws, conversationId: conv.id } });
  else if (before)
    await tx.retentionRule.update({
      where: { workspaceId_id: { workspaceId: ws, id: before.id } },
      data: { messageDays: input.messageDays, setBy: me, setAt: new Date() },
    });
  else
    await tx.retentionRule.create({
      data: { workspaceId: ws, conversationId: conv.id, messageDays: input.messageDays, setBy: me },
    });
  const words = (r: { messageDays: number | null } | null) => (r ? (r.messageDays ?? 'forever') : 'inherit');
  await audit(
    ctx,
    'retention.update',
    { type: 'conversation', id: conv.id },
    {
      scope: 'channel',
      from: words(before),
      to: input.messageDays === null ? 'forever' : input.messageDays,
    },
  );
  return getRetention(ctx);
}
