import type { z } from 'zod';
import { AppError } from '../../lib/errors';
import { requestRotation } from '../keys/rotation';
import type { ServiceCtx } from '../scope';
import { requirePerson } from './access';
import type { sendMessageInput } from './schemas';
import { sendBatch } from './send';

/** One send through the API: a batch of one inside the gate's transaction. */
export async function sendMessage(ctx: ServiceCtx, input: z.infer<typeof sendMessageInput>) {
  const userId = requirePerson(ctx.scope);
  const { results, events, rotateVersion } = await sendBatch(
    ctx.deps,
    ctx.tx,
    (fn) => fn(ctx.tx),
    ctx.scope.workspaceId,
    [{ userId, ...input }],
  );
  const [r] = results;
  if (!r) throw new AppError('INTERNAL', 'Not processed');
  if (!r.ok) throw r.error;
  const workspaceId = ctx.scope.workspaceId;
  ctx.afterCommit(async () => {
    for (const e of events) await ctx.deps.events.publish(e);
    if (rotateVersion !== null) await requestRotation(ctx.deps, workspaceId, rotateVersion);
  });
  return { message: r.message, duplicate: r.duplicate };
}

export async function listNotifications(ctx: ServiceCtx, input: { unreadOnly: boolean; limit: number }) {
  const me = requirePerson(ctx.scope);
  const rows = await ctx.tx.notification.findMany({
    where: { workspaceId: ctx.scope.workspaceId, userId: me, ...(input.unreadOnly && { readAt: null }) },
    orderBy: { createdAt: 'desc' },
    take: input.limit,
  });
  return rows.map((n) => ({
    id: n.id,
    kind: 'mention' as const,
    conversationId: n.conversationId,
    messageId: n.messageId,
    seq: Number(n.seq),
    actorId: n.actorId,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  }));
}

/** Marks the caller's notifications read: the ones named, or all of them in this workspace. */
export async function markNotificationsRead(ctx: ServiceCtx, input: { ids?: string[] | undefined }) {
  const me = requirePerson(ctx.scope);
  const r = await ctx.tx.notification.updateMany({
    where: {
      workspaceId: ctx.scope.workspaceId,
      userId: me,
      readAt: null,
      ...(input.ids && { id: { in: input.ids } }),
    },
    data: { readAt: new Date() },
  });
  return { updated: r.count };
}
