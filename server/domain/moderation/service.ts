import type { z } from 'zod';
import { AppError, forbidden, isUniqueViolation, notFound } from '../../lib/errors';
import { outranks } from '../../../shared/roles';
import { heldOutcomeInWords, outcomeInWords, statusOfDecision } from '../../../shared/moderation';
import { audit } from '../audit/append';
import type { DomainEvent } from '../events';
import { quarantine } from '../lockdown/quarantine';
import { policyFields } from '../policy/fields';
import { readable, requirePerson } from '../message/access';
import { deleteMessage } from '../message/change';
import type { ServiceCtx } from '../scope';
import { heldBinding } from './hold';
import { itemsOf } from './items';
import { publishScreened, queueChanged } from './screen';
import { requestRotation } from '../keys/rotation';
import { sendBatch } from '../send/send';
import { Prisma, type Review } from '../../db/generated/client';
import type { decideInput, queueInput, reportInput } from './schemas';
import { trustOf } from './trust';

/**
 * A member reports a message they can read: it joins the moderation queue (a review decided
 * before opens again for a new report). Once per person and message.
 */
export async function reportMessage(ctx: ServiceCtx, input: z.infer<typeof reportInput>) {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const workspaceId = scope.workspaceId;
  const m = await tx.message.findFirst({
    where: { workspaceId, id: input.messageId },
    select: { id: true, conversationId: true, authorId: true, deletedAt: true },
  });
  if (!m) throw notFound('Message');
  await readable(tx, scope, m.conversationId);
  if (m.deletedAt) throw new AppError('GONE', 'This message was deleted');
  if (m.authorId === me) throw forbidden('You cannot report your own message');
  const already = () => new AppError('CONFLICT', 'You already reported this message');
  const mine = await tx.messageReport.findUnique({
    where: { workspaceId_messageId_reporterId: { workspaceId, messageId: m.id, reporterId: me } },
    select: { id: true },
  });
  if (mine) throw already();
  const note = (await policyFields(ctx, me, m.conversationId, { 'report.note': input.note || undefined }))[
    'report.note'
  ];
  const [review] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO review (workspace_id, message_id, conversation_id, author_id)
    VALUES (${workspaceId}::uuid, ${m.id}::uuid, ${m.conversationId}::uuid, ${m.authorId})
    ON CONFLICT (workspace_id, message_id) DO UPDATE SET
      status = 'open', decided_by = NULL, decided_at = NULL, note = NULL
    RETURNING id`;
  if (!review) throw new AppError('INTERNAL', 'The review was not stored');
  try {
    await tx.messageReport.create({
      data: {
        workspaceId,
        reviewId: review.id,
        messageId: m.id,
        reporterId: me,
        reason: input.reason,
        note: note || null,
      },
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw already();
    throw e;
  }
  await audit(
    ctx,
    'message.report',
    { type: 'message', id: m.id },
    { reason: input.reason, reviewId: review.id },
  );
  const changed = await queueChanged(tx, workspaceId, 'reported');
  ctx.afterCommit(() => ctx.deps.events.publish(changed));
  return { reviewId: review.id, reported: true as const };
}

/** The moderation queue: open reviews oldest first, or decided ones newest first. */
export async function moderationQueue(ctx: ServiceCtx, input: z.infer<typeof queueInput>) {
  const { tx, scope } = ctx;
  const workspaceId = scope.workspaceId;
  const open = input.status === 'open';
  const [rows, count] = await Promise.all([
    tx.review.findMany({
      where: { workspaceId, status: open ? 'open' : { not: 'open' } },
      orderBy: open ? { createdAt: 'asc' } : { decidedAt: 'desc' },
      take: input.limit,
      include: { reports: { orderBy: { createdAt: 'asc' } } },
    }),
    tx.review.count({ where: { workspaceId, status: 'open' } }),
  ]);
  return { items: await itemsOf(ctx, rows), open: count };
}

/**
 * A moderator decides on a review: approve (it stays), delete the message, warn its author (a
 * notification with the moderator's words) or quarantine them. Every reporter is told the
 * outcome; the decision is audited. A review is decided once: a second decision is a conflict.
 */
export async function decideReview(ctx: ServiceCtx, input: z.infer<typeof decideInput>) {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const workspaceId = scope.workspaceId;
  // The row lock makes two moderators deciding at once meet here: the second finds it decided.
  const [locked] = await tx.$queryRaw<{ status: string }[]>`
    SELECT status FROM review WHERE workspace_id = ${workspaceId}::uuid AND id = ${input.reviewId}::uuid FOR UPDATE`;
  if (!locked) throw notFound('Review');
  if (locked.status !== 'open') throw new AppError('CONFLICT', 'This review was already decided');
  const r = await tx.review.findUniqueOrThrow({
    where: { workspaceId_id: { workspaceId, id: input.reviewId } },
    include: { reports: { orderBy: { createdAt: 'asc' } } },
  });
  if (r.authorId === me) throw forbidden('Someone else decides on your own message');
  const held = r.messageId === null;
  if (held && input.decision === 'warn')
    throw new AppError(
      'VALIDATION',
      'This message was never posted: approve it, delete it or quarantine its author',
      {
        fieldErrors: { decision: ['A held message can be approved, deleted or its author quarantined'] },
      },
    );
  const text = await policyFields(ctx, me, r.conversationId, { 'review.note': input.note || undefined });
  const note = text['review.note'] || null;
  // Approving a held message posts it now, as its author wrote it.
  const posted = held && input.decision === 'approve' ? await postHeld(ctx, r) : null;
  const messageId = r.messageId ?? posted?.message.id ?? null;
  const message = messageId
    ? await tx.message.findFirst({ where: { workspaceId, id: messageId }, select: { seq: true } })
    : null;
  const seq = message?.seq ?? 0n;
  const events: DomainEvent[] = [];
  // `about`: the message it points at; only a held message that was not posted has none.
  const tell = async (
    userId: string,
    kind: 'report_outcome' | 'warning' | 'held_outcome',
    detail: string,
    about: string | null = messageId,
  ) => {
    if (!about && kind !== 'held_outcome') return false;
    // Only to people still in the workspace; a second word about one message replaces the first.
    const n = await tx.$executeRaw`
      INSERT INTO notification (workspace_id, user_id, kind, conversation_id, message_id, seq, actor_id, detail)
      SELECT ${workspaceId}::uuid, ${userId}, ${kind}, ${r.conversationId}::uuid, ${about}::uuid, ${about ? seq : 0n}, NULL, ${detail}
      WHERE EXISTS (SELECT 1 FROM member WHERE workspace_id = ${workspaceId}::uuid AND user_id = ${userId})
      ON CONFLICT (workspace_id, message_id, user_id, kind)
        DO UPDATE SET detail = EXCLUDED.detail, read_at = NULL, created_at = now()`;
    if (n > 0)
      events.push({
        type: 'notification',
        workspaceId,
        userId,
        kind,
        conversationId: r.conversationId,
        messageId: about,
        seq: about ? Number(seq) : 0,
      });
    return n > 0;
  };

  if (input.decision === 'delete' && r.messageId) await deleteMessage(ctx, { messageId: r.messageId });
  if (input.decision === 'warn' && note) await tell(r.authorId, 'warning', note);
  if (input.decision === 'quarantine')
    await quarantine(
      ctx,
      {
        userId: r.authorId,
        reason: note ?? 'A moderator reviewed a message of yours',
        minutes: input.minutes ?? 60,
      },
      outranks,
    );
  const status = statusOfDecision[input.decision];
  const decided = await tx.review.update({
    where: { workspaceId_id: { workspaceId, id: r.id } },
    // A held message's text goes with the decision: posted, or discarded.
    data: {
      status,
      decidedBy: me,
      decidedAt: new Date(),
      note,
      ...(held ? { messageId, heldBody: null, heldKeyVersion: null, heldHits: Prisma.DbNull } : {}),
    },
  });
  // The author of a held message hears whether it was posted (nobody else knew of it).
  if (held) await tell(r.authorId, 'held_outcome', heldOutcomeInWords(posted !== null, note), messageId);
  let notified = 0;
  for (const p of r.reports.filter((x) => x.answeredAt === null))
    if (await tell(p.reporterId, 'report_outcome', outcomeInWords[status])) notified += 1;
  await tx.messageReport.updateMany({
    where: { workspaceId, reviewId: r.id, answeredAt: null },
    data: { answeredAt: new Date() },
  });
  await audit(
    ctx,
    'moderation.decide',
    messageId ? { type: 'message', id: messageId } : { type: 'review', id: r.id },
    {
      decision: input.decision,
      held,
      reviewId: r.id,
      authorId: r.authorId,
      reports: r.reports.length,
      score: r.score,
    },
  );
  // The other moderators' queues lose the card.
  events.push(await queueChanged(tx, workspaceId, 'decided'));
  ctx.afterCommit(async () => {
    if (posted) await publishScreened(ctx.deps, workspaceId, posted.events);
    for (const e of events) await ctx.deps.events.publish(e);
    if (posted?.rotateVersion != null) await requestRotation(ctx.deps, workspaceId, posted.rotateVersion);
  });
  const [review] = await itemsOf(ctx, [{ ...decided, reports: r.reports }]);
  if (!review) throw new AppError('INTERNAL', 'The review was not read back');
  return { review, notified };
}

/** A member's trust score in this workspace and what it is made of (moderators and up). */
export async function memberTrust(ctx: ServiceCtx, input: { userId: string }) {
  const { tx, scope } = ctx;
  const member = await tx.member.findUnique({
    where: { workspaceId_userId: { workspaceId: scope.workspaceId, userId: input.userId } },
    select: { userId: true },
  });
  if (!member) throw notFound('Member');
  const t = (await trustOf(tx, scope.workspaceId, [input.userId])).get(input.userId);
  if (!t) throw notFound('Member');
  return t;
}

/**
 * Posts a held message as its author (a widget visitor's too): the text as it was held (masked
 * already), in the conversation and thread it was sent to, with its client id. It passes the
 * conversation's rules at this moment (membership, archive, lockdown, the policy's blocking
 * rules); what refuses it is the moderator's answer, and the review stays open.
 */
async function postHeld(ctx: ServiceCtx, r: Review) {
  const { tx, scope, deps } = ctx;
  const workspaceId = scope.workspaceId;
  if (!r.heldBody || !r.heldClientMsgId) throw new AppError('GONE', 'The held message is no longer kept');
  const body = await deps.keys.ring.decrypt(tx, heldBinding(workspaceId, r.id), Buffer.from(r.heldBody));
  const visitor = await tx.widgetVisitor.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: r.authorId } },
    select: { userId: true },
  });
  const { results, events, rotateVersion } = await sendBatch(deps, tx, (fn) => fn(tx), workspaceId, [
    {
      userId: r.authorId,
      conversationId: r.conversationId,
      clientMsgId: r.heldClientMsgId,
      body,
      parentId: r.heldParentId ?? undefined,
      fileIds: r.heldFileIds,
      visitor: visitor !== null,
      approved: true,
    },
  ]);
  const [result] = results;
  if (!result) throw new AppError('INTERNAL', 'Not processed');
  if (!result.ok) throw new AppError(result.error.code, `It cannot be posted: ${result.error.message}`);
  return { message: result.message, events, rotateVersion };
}
