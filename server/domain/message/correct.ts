import type { z } from 'zod';
import { outranks } from '../../../shared/roles';
import { AppError, forbidden } from '../../lib/errors';
import { audit } from '../audit/append';
import { policyFields } from '../policy/fields';
import type { ServiceCtx } from '../scope';
import { requirePerson } from './access';
import { load, replaceText } from './change';
import type { correctMessageInput, MessageOutput } from './schemas';

/**
 * Rectification (GDPR art. 16): a workspace admin (`message.correct`, shared/roles.ts) corrects
 * someone else's message they can read. It is an edit in everything but who and why: the same
 * policy, history, search tokens and `message:updated` event (`replaceText`), with the replaced
 * text kept as a correction with the admin's reason; clients say "corrected by an admin". Audited
 * (`message.corrected`, with the reason and the author, never the text); the author, if still in
 * the workspace, gets a `correction` notification with the reason. Like moderation decisions it
 * reaches only authors below the corrector (owners reach everyone).
 */
export async function correctMessage(
  ctx: ServiceCtx,
  input: z.infer<typeof correctMessageInput>,
): Promise<MessageOutput> {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const workspaceId = scope.workspaceId;
  const { m } = await load(ctx, input.messageId);
  if (m.deletedAt) throw new AppError('GONE', 'This message was deleted: there is nothing to correct');
  if (m.authorId === me)
    throw new AppError('BAD_REQUEST', 'This is your own message: edit it instead of correcting it');
  const author = m.authorId
    ? await tx.member.findUnique({
        where: { workspaceId_userId: { workspaceId, userId: m.authorId } },
        select: { role: true },
      })
    : null;
  if (author && !outranks(scope.role, author.role))
    throw forbidden('Only an owner can correct the messages of admins and owners');
  const fields = await policyFields(ctx, me, m.conversationId, { 'correction.reason': input.reason });
  const reason = fields['correction.reason'] ?? input.reason;
  const view = await replaceText(ctx, m, input.body, { kind: 'correction', reason });
  if (!view)
    throw new AppError('VALIDATION', 'The correction is the same as the message', {
      fieldErrors: { body: ['Change the text to correct it, or cancel.'] },
    });
  await audit(
    ctx,
    'message.corrected',
    { type: 'message', id: m.id },
    { conversationId: m.conversationId, authorId: m.authorId, reason },
  );
  if (m.authorId) await tellAuthor(ctx, m.authorId, m, reason);
  return view;
}

/** The author hears of it, with the reason; a second correction's word replaces the first's. */
async function tellAuthor(
  ctx: ServiceCtx,
  authorId: string,
  m: { id: string; conversationId: string; seq: bigint },
  reason: string,
) {
  const { tx, scope } = ctx;
  const workspaceId = scope.workspaceId;
  const me = requirePerson(scope);
  const n = await tx.$executeRaw`
    INSERT INTO notification (workspace_id, user_id, kind, conversation_id, message_id, seq, actor_id, detail)
    SELECT ${workspaceId}::uuid, ${authorId}, 'correction', ${m.conversationId}::uuid, ${m.id}::uuid, ${m.seq}, ${me}, ${reason}
    WHERE EXISTS (SELECT 1 FROM member WHERE workspace_id = ${workspaceId}::uuid AND user_id = ${authorId})
    ON CONFLICT (workspace_id, message_id, user_id, kind)
      DO UPDATE SET detail = EXCLUDED.detail, actor_id = EXCLUDED.actor_id, read_at = NULL, created_at = now()`;
  if (n === 0) return;
  const event = {
    type: 'notification' as const,
    workspaceId,
    userId: authorId,
    kind: 'correction' as const,
    conversationId: m.conversationId,
    messageId: m.id,
    seq: Number(m.seq),
  };
  ctx.afterCommit(() => ctx.deps.events.publish(event));
}
