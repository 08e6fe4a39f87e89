import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { indexTokens } from '../../lib/crypto/search-tokens';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { audit } from '../audit/append';
import { atLeast } from '../../../shared/roles';
import type { Message } from '../../db/generated/client';
import type { ServiceCtx } from '../scope';
import { readable, requirePerson, writable } from './access';
import { parseMentions } from '../../../shared/mentions';
import type { editMessageInput, MessageOutput, pinInput, reactInput } from './schemas';
import { bodyBinding, editBinding, reactionSelect, toView } from './view';
import { evaluateText, policyRefusal } from '../policy/evaluate';
import { recordRefused } from '../policy/hits';
import { publishScreened, screen } from '../moderation/screen';
import { clearedOnDelete } from '../../../shared/deleted-message';

const MAX_EMOJIS_PER_MESSAGE = 50;

/**
 * The message, if the caller may read its conversation (NOT_FOUND otherwise). Every change to a
 * message happens under its conversation's row lock, taken here before the message is read, so two
 * changes (an edit racing a delete) see each other's result instead of a stale row.
 */
export async function load(ctx: ServiceCtx, messageId: string, { lock = true } = {}) {
  // Changes lock the conversation first (the order every change takes); a read must not wait
  // behind, or hold up, the sends and edits of a busy conversation.
  if (lock)
    await ctx.tx.$queryRaw`SELECT c.id FROM conversation c
      JOIN message m ON m.workspace_id = c.workspace_id AND m.conversation_id = c.id
      WHERE m.workspace_id = ${ctx.scope.workspaceId}::uuid AND m.id = ${messageId}::uuid FOR UPDATE OF c`;
  const m = await ctx.tx.message.findFirst({ where: { id: messageId, workspaceId: ctx.scope.workspaceId } });
  if (!m) throw notFound('Message');
  try {
    return { m, access: await readable(ctx.tx, ctx.scope, m.conversationId) };
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw notFound('Message');
    throw e;
  }
}

/** Takes the conversation's next revision (and its row lock, which orders changes). */
async function nextRev(ctx: ServiceCtx, conversationId: string): Promise<bigint> {
  const [row] = await ctx.tx.$queryRaw<{ last_rev: bigint }[]>`
    UPDATE conversation SET last_rev = last_rev + 1
    WHERE workspace_id = ${ctx.scope.workspaceId}::uuid AND id = ${conversationId}::uuid RETURNING last_rev`;
  if (!row) throw notFound('Conversation');
  return row.last_rev;
}

type ChangeEvent = 'message:updated' | 'message:deleted' | 'reaction:updated';

async function finish(
  ctx: ServiceCtx,
  messageId: string,
  event: ChangeEvent | null = 'message:updated',
): Promise<MessageOutput> {
  const m = await ctx.tx.message.findUniqueOrThrow({
    where: { id: messageId },
    include: { reactions: reactionSelect },
  });
  const view = await toView(ctx, m);
  const workspaceId = ctx.scope.workspaceId;
  if (event) ctx.afterCommit(() => ctx.deps.events.publish({ type: event, workspaceId, message: view }));
  return view;
}

/** Authors edit their own messages; the replaced text is kept (encrypted) as history. */
export async function editMessage(ctx: ServiceCtx, input: z.infer<typeof editMessageInput>) {
  const me = requirePerson(ctx.scope);
  const { m } = await load(ctx, input.messageId);
  await writable(ctx.tx, ctx.scope, m.conversationId);
  if (m.authorId !== me) throw forbidden('Only the author can edit a message');
  if (input.body === '' && m.fileIds.length === 0)
    throw new AppError('VALIDATION', 'A message needs some text', { fieldErrors: { body: ['Required'] } });
  return (await replaceText(ctx, m, input.body, { kind: 'edit' })) ?? finish(ctx, m.id, null);
}

/** How a message's text was replaced: its author's edit, or an admin's correction and its reason. */
export type TextChange = { kind: 'edit' } | { kind: 'correction'; reason: string };

/**
 * Replaces a (loaded, locked) message's text as the caller, under the workspace's security policy,
 * keeping the replaced text (encrypted) as history with who replaced it, how and why; publishes
 * the change. Null when the text, as the policy lets it be stored, is the same as before.
 */
export async function replaceText(
  ctx: ServiceCtx,
  m: Message,
  text: string,
  change: TextChange,
): Promise<MessageOutput | null> {
  const me = requirePerson(ctx.scope);
  if (!m.body || m.deletedAt) throw new AppError('GONE', 'This message was deleted');
  const { tx, scope } = ctx;
  const ring = ctx.deps.keys.ring;
  // The security policy applies to edits (and corrections) as to sends: neither can slip in what a
  // send may not.
  const { security: policy } = await ctx.deps.settings.read(tx, scope.workspaceId);
  const verdict = evaluateText(policy, text);
  const hits = verdict.hits.map((h) => ({ ...h, policyVersion: policy.version }));
  if (verdict.action === 'block') {
    await recordRefused(
      ctx.deps,
      scope.workspaceId,
      hits.map((h) => ({ ...h, userId: me, conversationId: m.conversationId })),
    );
    throw policyRefusal(verdict);
  }
  const body = verdict.text;
  const old = await ring.decrypt(tx, bodyBinding(scope.workspaceId, m.id), Buffer.from(m.body));
  if (old === body) return null;
  const rev = await nextRev(ctx, m.conversationId);
  const editId = randomUUID();
  const { version } = await ring.current(tx, scope.workspaceId);
  const sKey = await ctx.deps.keys.searchKeyFor(tx, scope.workspaceId, version);
  const mentions = parseMentions(body);
  const now = new Date();
  await tx.messageEdit.create({
    data: {
      id: editId,
      workspaceId: scope.workspaceId,
      messageId: m.id,
      body: new Uint8Array(await ring.encrypt(tx, editBinding(scope.workspaceId, editId), old, m.authorId)),
      keyVersion: version,
      editedBy: me,
      kind: change.kind,
      reason: change.kind === 'correction' ? change.reason : null,
      createdAt: m.editedAt ?? m.createdAt,
    },
  });
  await tx.message.update({
    where: { id: m.id },
    data: {
      body: new Uint8Array(await ring.encrypt(tx, bodyBinding(scope.workspaceId, m.id), body, m.authorId)),
      keyVersion: version,
      searchTokens: indexTokens(sKey, body),
      mentions: mentions.userIds,
      mentionChannel: mentions.channel,
      mentionHere: mentions.here,
      editedAt: now,
      // The label says whose text it is now: an admin's correction, until the author edits again.
      correctedAt: change.kind === 'correction' ? now : null,
      rev,
    },
  });
  if (hits.length > 0)
    await tx.policyHit.createMany({
      data: hits.map((h) => ({
        workspaceId: scope.workspaceId,
        messageId: m.id,
        conversationId: m.conversationId,
        userId: me,
        ...h,
      })),
    });
  // What an edit or correction slips in is scored as a send's would be (a review reopens).
  const screened = await screen(tx, scope.workspaceId, policy, [
    { messageId: m.id, conversationId: m.conversationId, authorId: me, hits },
  ]);
  if (screened.length > 0) ctx.afterCommit(() => publishScreened(ctx.deps, scope.workspaceId, screened));
  return finish(ctx, m.id);
}

/**
 * Authors delete their own messages; conversation and workspace moderators delete anyone's (audited).
 * The row stays as a tombstone (its place in the sequence, author and time); its text, edit history,
 * search tokens, mentions, reactions and pin are erased.
 */
export async function deleteMessage(ctx: ServiceCtx, input: { messageId: string }) {
  const me = requirePerson(ctx.scope);
  const { m } = await load(ctx, input.messageId);
  if (m.deletedAt) return finish(ctx, m.id, null);
  const { tx, scope } = ctx;
  const own = m.authorId === me;
  if (!own) {
    const mine = await tx.conversationMember.findFirst({
      where: { workspaceId: scope.workspaceId, conversationId: m.conversationId, userId: me },
      select: { role: true },
    });
    if (!(atLeast(scope.role, 'moderator') || mine?.role === 'moderator')) {
      throw forbidden('Only the author or a moderator can delete a message');
    }
  }
  const rev = await nextRev(ctx, m.conversationId);
  await tx.messageEdit.deleteMany({ where: { workspaceId: scope.workspaceId, messageId: m.id } });
  await tx.notification.deleteMany({ where: { workspaceId: scope.workspaceId, messageId: m.id } });
  await tx.messageReaction.deleteMany({ where: { workspaceId: scope.workspaceId, messageId: m.id } });
  await tx.message.update({
    where: { id: m.id },
    data: { ...clearedOnDelete(), bodyMac: null, searchTokens: [], deletedAt: new Date(), rev },
  });
  if (!own) {
    await audit(
      ctx,
      'message.delete',
      { type: 'message', id: m.id },
      {
        conversationId: m.conversationId,
        authorId: m.authorId,
      },
    );
  }
  return finish(ctx, m.id, 'message:deleted');
}

/** Adds the caller's reaction with this emoji, or removes it if it is there. */
export async function toggleReaction(ctx: ServiceCtx, input: z.infer<typeof reactInput>) {
  const me = requirePerson(ctx.scope);
  const { m } = await load(ctx, input.messageId);
  await writable(ctx.tx, ctx.scope, m.conversationId);
  if (m.deletedAt) throw new AppError('GONE', 'This message was deleted');
  const { tx, scope } = ctx;
  await nextRev(ctx, m.conversationId).then((rev) =>
    tx.message.update({ where: { id: m.id }, data: { rev } }),
  );
  const key = { workspaceId: scope.workspaceId, messageId: m.id, emoji: input.emoji, userId: me };
  const removed = await tx.messageReaction.deleteMany({ where: key });
  if (removed.count === 0) {
    const emojis = await tx.messageReaction.findMany({
      where: { workspaceId: scope.workspaceId, messageId: m.id },
      distinct: ['emoji'],
      select: { emoji: true },
    });
    if (emojis.length >= MAX_EMOJIS_PER_MESSAGE && !emojis.some((e) => e.emoji === input.emoji)) {
      throw new AppError('BAD_REQUEST', `At most ${MAX_EMOJIS_PER_MESSAGE} different reactions per message`);
    }
    await tx.messageReaction.create({ data: key });
  }
  return finish(ctx, m.id, 'reaction:updated');
}

/** Any member of the conversation pins or unpins a message. */
export async function pinMessage(ctx: ServiceCtx, input: z.infer<typeof pinInput>) {
  const me = requirePerson(ctx.scope);
  const { m } = await load(ctx, input.messageId);
  await writable(ctx.tx, ctx.scope, m.conversationId);
  if (m.deletedAt) throw new AppError('GONE', 'This message was deleted');
  if ((m.pinnedAt !== null) === input.pinned) return finish(ctx, m.id, null);
  const rev = await nextRev(ctx, m.conversationId);
  await ctx.tx.message.update({
    where: { id: m.id },
    data: input.pinned
      ? { pinnedAt: new Date(), pinnedBy: me, rev }
      : { pinnedAt: null, pinnedBy: null, rev },
  });
  return finish(ctx, m.id);
}

/** Earlier versions of a message, oldest first. */
export async function editHistory(ctx: ServiceCtx, input: { messageId: string }) {
  const { m } = await load(ctx, input.messageId, { lock: false });
  const rows = await ctx.tx.messageEdit.findMany({
    where: { workspaceId: ctx.scope.workspaceId, messageId: m.id },
    orderBy: { createdAt: 'asc' },
  });
  const ring = ctx.deps.keys.ring;
  return Promise.all(
    rows.map(async (r) => ({
      body: await ring.decrypt(ctx.tx, editBinding(ctx.scope.workspaceId, r.id), Buffer.from(r.body)),
      editedBy: r.editedBy,
      kind: r.kind === 'correction' ? ('correction' as const) : ('edit' as const),
      reason: r.reason,
      replacedAt: r.createdAt.toISOString(),
    })),
  );
}
