import type { z } from 'zod';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors';
import { iso } from '../../lib/time';
import { audit } from '../audit/append';
import { requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import { policyFields } from '../policy/fields';
import type { cannedReplyOutput, saveCannedInput } from './schemas';

const MAX_CANNED = 200;
const out = (r: {
  id: string;
  title: string;
  body: string;
  updatedAt: Date;
}): z.infer<typeof cannedReplyOutput> => ({
  id: r.id,
  title: r.title,
  body: r.body,
  updatedAt: iso(r.updatedAt),
});

/** The workspace's canned replies, by title. */
export async function listCanned(ctx: ServiceCtx) {
  const rows = await ctx.tx.cannedReply.findMany({
    where: { workspaceId: ctx.scope.workspaceId },
    orderBy: { title: 'asc' },
    take: MAX_CANNED,
  });
  return rows.map(out);
}

const taken = () =>
  new AppError('CONFLICT', 'A canned reply already has this title', {
    fieldErrors: { title: ['Already used'] },
  });

/** Creates one, or changes the one named by id. Titles are unique per workspace. */
export async function saveCanned(ctx: ServiceCtx, input: z.infer<typeof saveCannedInput>) {
  const me = requirePerson(ctx.scope);
  const workspaceId = ctx.scope.workspaceId;
  const same = await ctx.tx.cannedReply.findFirst({
    where: { workspaceId, title: input.title },
    select: { id: true },
  });
  if (same && same.id !== input.id) throw taken();
  const text = await policyFields(ctx, me, null, { 'canned.title': input.title, 'canned.body': input.body });
  const body = text['canned.body'] ?? input.body;
  try {
    if (input.id) {
      const found = await ctx.tx.cannedReply.updateMany({
        where: { workspaceId, id: input.id },
        data: { title: input.title, body },
      });
      if (found.count === 0) throw notFound('Canned reply');
      await audit(ctx, 'canned_reply.update', { type: 'canned_reply', id: input.id }, { title: input.title });
      return out(await ctx.tx.cannedReply.findUniqueOrThrow({ where: { id: input.id } }));
    }
    if ((await ctx.tx.cannedReply.count({ where: { workspaceId } })) >= MAX_CANNED)
      throw new AppError('BAD_REQUEST', `A workspace keeps at most ${MAX_CANNED} canned replies`);
    // A title taken by a concurrent save fails the insert; the error then rolls the call back.
    const row = await ctx.tx.cannedReply.create({
      data: { workspaceId, title: input.title, body, createdBy: me },
    });
    await audit(ctx, 'canned_reply.create', { type: 'canned_reply', id: row.id }, { title: input.title });
    return out(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}

export async function deleteCanned(ctx: ServiceCtx, input: { id: string }) {
  requirePerson(ctx.scope);
  const gone = await ctx.tx.cannedReply.deleteMany({
    where: { workspaceId: ctx.scope.workspaceId, id: input.id },
  });
  if (gone.count === 0) throw notFound('Canned reply');
  await audit(ctx, 'canned_reply.delete', { type: 'canned_reply', id: input.id });
  return { ok: true as const };
}
