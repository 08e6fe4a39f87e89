import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../../shared/moderation';
import { requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';

const notificationKind = z.enum(NOTIFICATION_KINDS);

/** The caller's notifications in this workspace (mentions, report outcomes, warnings), newest first. */
export async function listNotifications(ctx: ServiceCtx, input: { unreadOnly: boolean; limit: number }) {
  const me = requirePerson(ctx.scope);
  const rows = await ctx.tx.notification.findMany({
    where: { workspaceId: ctx.scope.workspaceId, userId: me, ...(input.unreadOnly && { readAt: null }) },
    orderBy: { createdAt: 'desc' },
    take: input.limit,
  });
  return rows.map((n) => ({
    id: n.id,
    kind: notificationKind.catch('mention').parse(n.kind),
    detail: n.detail,
    conversationId: n.conversationId,
    messageId: n.messageId,
    fileId: n.fileId,
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
