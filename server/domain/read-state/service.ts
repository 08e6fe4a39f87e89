import type { Tx } from '../../db/client';
import { AppError, notFound } from '../../lib/errors';
import type { ServiceCtx } from '../scope';
import { readable, requirePerson } from '../message/access';
import { RECEIPTS_LIST_MAX } from '../history/service';

export interface ReadState {
  conversationId: string;
  lastReadSeq: number;
  unread: number;
  mentions: number;
}

/**
 * Unread (others' messages after the last-read sequence, not deleted) and unread mentions of one
 * user in the given conversations they are a member of. Conversations they are not in are absent.
 */
export async function readStates(
  tx: Tx,
  workspaceId: string,
  userId: string,
  conversationIds?: string[],
): Promise<ReadState[]> {
  const filter = conversationIds ?? null;
  const rows = await tx.$queryRaw<
    { conversation_id: string; last_read_seq: bigint; unread: bigint; mentions: bigint }[]
  >`
    SELECT cm.conversation_id, cm.last_read_seq,
      (SELECT count(*) FROM message m WHERE m.workspace_id = cm.workspace_id AND m.conversation_id = cm.conversation_id
         AND m.seq > cm.last_read_seq AND m.deleted_at IS NULL AND m.author_id IS DISTINCT FROM cm.user_id
         AND m.event IS NULL) AS unread,
      (SELECT count(*) FROM notification n WHERE n.workspace_id = cm.workspace_id AND n.user_id = cm.user_id
         AND n.conversation_id = cm.conversation_id AND n.read_at IS NULL AND n.seq > cm.last_read_seq) AS mentions
    FROM conversation_member cm
    WHERE cm.workspace_id = ${workspaceId}::uuid AND cm.user_id = ${userId}
      AND (${filter}::uuid[] IS NULL OR cm.conversation_id = ANY(${filter}::uuid[]))`;
  return rows.map((r) => ({
    conversationId: r.conversation_id,
    lastReadSeq: Number(r.last_read_seq),
    unread: Number(r.unread),
    mentions: Number(r.mentions),
  }));
}

export async function myReadStates(ctx: ServiceCtx) {
  return readStates(ctx.tx, ctx.scope.workspaceId, requirePerson(ctx.scope));
}

/**
 * Moves the caller's read mark forward to `seq` (never back, never past the last message) and
 * marks the mentions up to it read. Others in the conversation see it as a receipt.
 */
export async function markRead(ctx: ServiceCtx, input: { conversationId: string; seq: number }) {
  const me = requirePerson(ctx.scope);
  const access = await readable(ctx.tx, ctx.scope, input.conversationId);
  if (!access.member) throw new AppError('FORBIDDEN', 'Join the conversation to keep a read mark');
  const { tx, scope } = ctx;
  const [row] = await tx.$queryRaw<{ last_read_seq: bigint }[]>`
    UPDATE conversation_member cm SET last_read_seq = GREATEST(cm.last_read_seq, LEAST(${input.seq}::bigint, c.last_seq))
    FROM conversation c
    WHERE cm.workspace_id = ${scope.workspaceId}::uuid AND cm.conversation_id = ${input.conversationId}::uuid
      AND cm.user_id = ${me} AND c.workspace_id = cm.workspace_id AND c.id = cm.conversation_id
    RETURNING cm.last_read_seq`;
  if (!row) throw notFound('Conversation');
  await tx.notification.updateMany({
    where: {
      workspaceId: scope.workspaceId,
      userId: me,
      conversationId: input.conversationId,
      readAt: null,
      seq: { lte: row.last_read_seq },
      // One about no message (a held message not posted) is not read by reading the conversation.
      messageId: { not: null },
    },
    data: { readAt: new Date() },
  });
  const [state] = await readStates(tx, scope.workspaceId, me, [input.conversationId]);
  if (!state) throw notFound('Conversation');
  const workspaceId = scope.workspaceId;
  ctx.afterCommit(() =>
    ctx.deps.events.publish({
      type: 'read',
      workspaceId,
      conversationId: input.conversationId,
      userId: me,
      lastReadSeq: state.lastReadSeq,
    }),
  );
  return state;
}

/** Who has read up to a message: names up to 50 members, a count above that. The author is left out. */
export async function receipts(ctx: ServiceCtx, input: { messageId: string }) {
  const m = await ctx.tx.message.findFirst({
    where: { id: input.messageId, workspaceId: ctx.scope.workspaceId },
    select: { conversationId: true, seq: true, authorId: true },
  });
  if (!m) throw notFound('Message');
  let access;
  try {
    access = await readable(ctx.tx, ctx.scope, m.conversationId);
  } catch {
    throw notFound('Message');
  }
  const where = {
    workspaceId: ctx.scope.workspaceId,
    conversationId: m.conversationId,
    lastReadSeq: { gte: m.seq },
    ...(m.authorId ? { userId: { not: m.authorId } } : {}),
  };
  if (access.memberCount > RECEIPTS_LIST_MAX) {
    return { seenBy: null, seenCount: await ctx.tx.conversationMember.count({ where }) };
  }
  const rows = await ctx.tx.conversationMember.findMany({
    where,
    select: { userId: true },
    orderBy: { joinedAt: 'asc' },
  });
  return { seenBy: rows.map((r) => r.userId), seenCount: rows.length };
}
