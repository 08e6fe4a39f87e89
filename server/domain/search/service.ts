import { z } from 'zod';
import { queryTokens } from '../../lib/crypto/search-tokens';
import { AppError } from '../../lib/errors';
import type { ServiceCtx } from '../scope';
import { readableIds } from '../message/access';
import type { searchInput } from './schemas';
import { reactionSelect, toViews } from '../message/view';

/** message_search() (prisma/functions/message_search.sql) returns matching ids, newest first. */
export const searchHits = z.array(z.object({ id: z.string() }));

/**
 * Search over encrypted messages with the blind index: each query word becomes one token per key
 * version (rows carry tokens of the version that encrypted them, so search works during a
 * rotation), and a message matches when it holds all of them. Only conversations the caller can
 * read, never deleted messages (their tokens are erased), newest first.
 */
export async function searchMessages(ctx: ServiceCtx, input: z.infer<typeof searchInput>) {
  const { tx, scope } = ctx;
  const ids = await readableIds(tx, scope);
  if (input.conversationId && !ids.includes(input.conversationId)) return [];
  const ring = ctx.deps.keys.ring;
  const versions = await ring.versions(tx, scope.workspaceId);
  const perVersion = await Promise.all(
    versions.map(async (v) => ({
      version: v,
      tokens: queryTokens(await ctx.deps.keys.searchKeyFor(tx, scope.workspaceId, v), input.query),
    })),
  );
  if (perVersion.every((p) => p.tokens.length === 0)) {
    throw new AppError('VALIDATION', 'Search for at least one word', {
      fieldErrors: { query: ['No words'] },
    });
  }
  const conversations = input.conversationId ? [input.conversationId] : ids;
  // The index lookup runs in message_search() (see its file: the GIN index is unusable under RLS);
  // one call per key version, so search works during a rotation. The rows are then read under RLS.
  const found: string[] = [];
  for (const p of perVersion) {
    const rows = searchHits.parse(
      await tx.$queryRaw`SELECT id FROM message_search(
        ${scope.workspaceId}::uuid, ${p.version}::int, ${p.tokens}::text[], ${conversations}::uuid[],
        ${input.authorId ?? null}::text, ${input.from ?? null}::timestamptz, ${input.to ?? null}::timestamptz,
        ${input.inThreads ?? null}::boolean, ${input.limit}::int)`,
    );
    found.push(...rows.map((r) => r.id));
  }
  const rows = await tx.message.findMany({
    where: { workspaceId: scope.workspaceId, id: { in: found } },
    orderBy: [{ createdAt: 'desc' }, { seq: 'desc' }],
    take: input.limit,
    include: { reactions: reactionSelect },
  });
  const names = await tx.conversation.findMany({
    where: { workspaceId: scope.workspaceId, id: { in: [...new Set(rows.map((r) => r.conversationId))] } },
    select: { id: true, name: true, kind: true, subjectType: true, subjectId: true },
  });
  const nameOf = new Map(
    names.map((c) => [
      c.id,
      c.name ?? (c.kind === 'subject' ? `${c.subjectType ?? ''} ${c.subjectId ?? ''}` : null),
    ]),
  );
  const views = await toViews(ctx, rows);
  return views.map((v) => ({ ...v, conversationName: nameOf.get(v.conversationId) ?? null }));
}
