import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { keyVersionOf, type Binding } from '../../lib/crypto/aead';
import { notFound } from '../../lib/errors';
import { logger } from '../../lib/logger';
import { iso } from '../../lib/time';
import { requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import { policyFields } from '../policy/fields';
import { announce } from './triage';
import type { addNoteInput, noteOutput } from './schemas';

// Notes are as private as message text: encrypted under the workspace key, bound to their row.
export const noteBinding = (workspaceId: string, id: string): Binding => ({
  workspaceId,
  table: 'support_note',
  rowId: id,
  column: 'body',
});

const MAX_NOTES = 500;

/** The team's internal notes on a support conversation, oldest first. Visitors never reach this. */
export async function listNotes(
  ctx: ServiceCtx,
  input: { conversationId: string },
): Promise<z.infer<typeof noteOutput>[]> {
  requirePerson(ctx.scope);
  const ws = ctx.scope.workspaceId;
  const rows = await ctx.tx.$queryRaw<
    { id: string; author_id: string | null; name: string | null; body: Uint8Array; created_at: Date }[]
  >`
    SELECT n.id, n.author_id, u.name, n.body, n.created_at FROM support_note n
    LEFT JOIN "user" u ON u.id = n.author_id
    WHERE n.workspace_id = ${ws}::uuid AND n.conversation_id = ${input.conversationId}::uuid
    ORDER BY n.created_at, n.id LIMIT ${MAX_NOTES}`;
  return Promise.all(
    rows.map(async (r) => {
      let body: string;
      try {
        body = await ctx.deps.keys.ring.decrypt(ctx.tx, noteBinding(ws, r.id), Buffer.from(r.body));
      } catch (err) {
        logger.error({ err, noteId: r.id }, 'support note failed to decrypt');
        body = 'This note could not be decrypted';
      }
      return {
        id: r.id,
        authorId: r.author_id,
        authorName: r.name ?? 'Former member',
        body,
        createdAt: iso(r.created_at),
      };
    }),
  );
}

export async function addNote(ctx: ServiceCtx, input: z.infer<typeof addNoteInput>) {
  const me = requirePerson(ctx.scope);
  const ws = ctx.scope.workspaceId;
  const support = await ctx.tx.supportConversation.findUnique({
    where: { workspaceId_conversationId: { workspaceId: ws, conversationId: input.conversationId } },
    select: { conversationId: true },
  });
  if (!support) throw notFound('Support conversation');
  const text = await policyFields(ctx, me, input.conversationId, { 'support.note': input.body });
  const body = text['support.note'] ?? input.body;
  const id = randomUUID();
  const blob = await ctx.deps.keys.ring.encrypt(ctx.tx, noteBinding(ws, id), body);
  const row = await ctx.tx.supportNote.create({
    data: {
      id,
      workspaceId: ws,
      conversationId: input.conversationId,
      authorId: me,
      body: new Uint8Array(blob),
      keyVersion: keyVersionOf(blob),
    },
    select: { createdAt: true },
  });
  announce(ctx, input.conversationId, 'note');
  const author = await ctx.tx.user.findUnique({ where: { id: me }, select: { name: true } });
  return {
    id,
    authorId: me,
    authorName: author?.name ?? '',
    body,
    createdAt: iso(row.createdAt),
  };
}
