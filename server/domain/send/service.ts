import type { z } from 'zod';
import { AppError } from '../../lib/errors';
import { requestRotation } from '../keys/rotation';
import type { ServiceCtx } from '../scope';
import { requirePerson } from '../message/access';
import type { sendMessageInput } from '../message/schemas';
import { publishScreened } from '../moderation/screen';
import { sendBatch } from './send';

/** One send through the API: a batch of one inside the gate's transaction. */
export async function sendMessage(ctx: ServiceCtx, input: z.infer<typeof sendMessageInput>) {
  const userId = requirePerson(ctx.scope);
  const { results, events, rotateVersion } = await sendBatch(
    ctx.deps,
    ctx.tx,
    (fn) => fn(ctx.tx),
    ctx.scope.workspaceId,
    [{ userId, ...input, visitor: ctx.scope.actor.kind === 'visitor' }],
  );
  const [r] = results;
  if (!r) throw new AppError('INTERNAL', 'Not processed');
  if (!r.ok) throw r.error;
  const workspaceId = ctx.scope.workspaceId;
  ctx.afterCommit(async () => {
    await publishScreened(ctx.deps, workspaceId, events);
    if (rotateVersion !== null) await requestRotation(ctx.deps, workspaceId, rotateVersion);
  });
  return { message: r.message, duplicate: r.duplicate, notice: r.notice };
}
