import type { z } from 'zod';
import { AppError, notFound } from '../../lib/errors';
import { atLeast } from '../../../shared/roles';
import { audit } from '../audit/append';
import type { InboxChange } from '../events';
import { requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import type { assignInput, setStatusInput } from './schemas';

const ok = { ok: true as const };

/** The support row, locked for the change; NOT_FOUND for any other conversation. */
async function lockSupport(ctx: ServiceCtx, conversationId: string) {
  const [row] = await ctx.tx.$queryRaw<{ assignee_id: string | null; status: string }[]>`
    SELECT assignee_id, status::text FROM support_conversation
    WHERE workspace_id = ${ctx.scope.workspaceId}::uuid AND conversation_id = ${conversationId}::uuid
    FOR UPDATE`;
  if (!row) throw notFound('Support conversation');
  return row;
}

/** Tells every teammate's inbox, once the change has committed. */
export function announce(ctx: ServiceCtx, conversationId: string, change: InboxChange) {
  const workspaceId = ctx.scope.workspaceId;
  ctx.afterCommit(() =>
    ctx.deps.events.publish({ type: 'inbox:updated', workspaceId, conversationId, change }),
  );
}

/** Assigns to a teammate (a member who is not a guest, so never a visitor), or unassigns. */
export async function assign(ctx: ServiceCtx, input: z.infer<typeof assignInput>) {
  requirePerson(ctx.scope);
  const before = await lockSupport(ctx, input.conversationId);
  if (input.userId !== null) {
    const m = await ctx.tx.member.findUnique({
      where: { workspaceId_userId: { workspaceId: ctx.scope.workspaceId, userId: input.userId } },
      select: { role: true },
    });
    if (!m || !atLeast(m.role, 'member'))
      throw new AppError(
        'BAD_REQUEST',
        'Assign conversations to a teammate: a member of the workspace who is not a guest',
      );
  }
  if (before.assignee_id === input.userId) return ok;
  await ctx.tx.supportConversation.update({
    where: {
      workspaceId_conversationId: {
        workspaceId: ctx.scope.workspaceId,
        conversationId: input.conversationId,
      },
    },
    data: { assigneeId: input.userId },
  });
  await audit(
    ctx,
    'support.assign',
    { type: 'conversation', id: input.conversationId },
    { from: before.assignee_id, to: input.userId },
  );
  announce(ctx, input.conversationId, 'assigned');
  return ok;
}

/**
 * Opens, snoozes or closes. A snoozed conversation comes back by itself when the snooze ends, and
 * a visitor's message after any change reopens it (the inbox computes both; see rows.ts).
 */
export async function setStatus(ctx: ServiceCtx, input: z.infer<typeof setStatusInput>) {
  requirePerson(ctx.scope);
  const before = await lockSupport(ctx, input.conversationId);
  const snoozedUntil = input.status === 'snoozed' && input.snoozedUntil ? new Date(input.snoozedUntil) : null;
  await ctx.tx.supportConversation.update({
    where: {
      workspaceId_conversationId: {
        workspaceId: ctx.scope.workspaceId,
        conversationId: input.conversationId,
      },
    },
    data: { status: input.status, snoozedUntil, statusAt: new Date() },
  });
  await audit(
    ctx,
    'support.status_change',
    { type: 'conversation', id: input.conversationId },
    { from: before.status, to: input.status, ...(snoozedUntil ? { until: snoozedUntil.toISOString() } : {}) },
  );
  announce(ctx, input.conversationId, 'status');
  return ok;
}

/**
 * Staff join a visitor's conversation to reply; replying to an unassigned one takes it (as in
 * Intercom), so two teammates do not answer the same visitor.
 */
export async function joinToReply(ctx: ServiceCtx, input: { conversationId: string }) {
  const me = requirePerson(ctx.scope);
  const row = await lockSupport(ctx, input.conversationId);
  await ctx.tx.conversationMember.createMany({
    data: [{ workspaceId: ctx.scope.workspaceId, conversationId: input.conversationId, userId: me }],
    skipDuplicates: true,
  });
  if (row.assignee_id === null) {
    await ctx.tx.supportConversation.update({
      where: {
        workspaceId_conversationId: {
          workspaceId: ctx.scope.workspaceId,
          conversationId: input.conversationId,
        },
      },
      data: { assigneeId: me },
    });
    await audit(
      ctx,
      'support.assign',
      { type: 'conversation', id: input.conversationId },
      { from: null, to: me },
    );
    announce(ctx, input.conversationId, 'assigned');
  }
  return { ok: true as const, assigneeId: row.assignee_id ?? me };
}
