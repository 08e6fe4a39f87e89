import type { z } from 'zod';
import { Prisma } from '../../db/generated/client';
import { AppError, notFound } from '../../lib/errors';
import type { ServiceCtx } from '../scope';
import { readable, requirePerson } from '../message/access';
import type { historyInput, syncInput, threadInput } from './schemas';
import { fromRaw, messageColumns, type RawRow } from '../message/rows';
import { reactionSelect, toViews } from '../message/view';

/** Conversations up to this size list who has seen a message; larger ones give a count. */
export const RECEIPTS_LIST_MAX = 50;

type Cursor = Omit<z.infer<typeof historyInput>, 'conversationId'>;

/** The top level of a conversation, a page by sequence: latest, before, after or around a message. */
export async function history(ctx: ServiceCtx, input: z.infer<typeof historyInput>) {
  await readable(ctx.tx, ctx.scope, input.conversationId);
  return page(ctx, input.conversationId, null, input);
}

/** The replies of a thread, paged the same way. */
export async function threadReplies(ctx: ServiceCtx, input: z.infer<typeof threadInput>) {
  const root = await ctx.tx.message.findFirst({
    where: { id: input.messageId, workspaceId: ctx.scope.workspaceId },
    select: { id: true, conversationId: true },
  });
  if (!root) throw notFound('Message');
  try {
    await readable(ctx.tx, ctx.scope, root.conversationId);
  } catch {
    throw notFound('Message');
  }
  return page(ctx, root.conversationId, root.id, input);
}

async function page(ctx: ServiceCtx, conversationId: string, parentId: string | null, input: Cursor) {
  const { tx, scope } = ctx;
  // Raw, with reactions in the same statement: one round trip per direction.
  const load = (cmp: '<' | '>' | '>=' | null, seq: bigint | number, dir: 'ASC' | 'DESC', take: number) =>
    tx.$queryRaw<RawRow[]>`SELECT ${messageColumns} FROM message m
      WHERE m.workspace_id = ${scope.workspaceId}::uuid AND m.conversation_id = ${conversationId}::uuid
        AND ${parentId === null ? Prisma.sql`m.parent_id IS NULL` : Prisma.sql`m.parent_id = ${parentId}::uuid`}
        ${cmp ? Prisma.sql`AND m.seq ${Prisma.raw(cmp)} ${seq}` : Prisma.empty}
      ORDER BY m.seq ${Prisma.raw(dir)} LIMIT ${take}`;
  const n = input.limit;
  let before: RawRow[] = [];
  let after: RawRow[] = [];
  let moreBefore: boolean;
  let moreAfter: boolean;
  if (input.after !== undefined) {
    after = await load('>', input.after, 'ASC', n + 1);
    moreAfter = after.length > n;
    after = after.slice(0, n);
    moreBefore = input.after > 0;
  } else if (input.around !== undefined) {
    const [target] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM message
      WHERE workspace_id = ${scope.workspaceId}::uuid AND conversation_id = ${conversationId}::uuid
        AND id = ${input.around}::uuid`;
    if (!target) throw notFound('Message');
    const half = Math.floor(n / 2);
    before = await load('<', target.seq, 'DESC', half + 1);
    moreBefore = before.length > half;
    before = before.slice(0, half).reverse();
    after = await load('>=', target.seq, 'ASC', n - before.length + 1);
    moreAfter = after.length > n - before.length;
    after = after.slice(0, n - before.length);
  } else {
    before = await load(input.before !== undefined ? '<' : null, input.before ?? 0, 'DESC', n + 1);
    moreBefore = before.length > n;
    before = before.slice(0, n).reverse();
    moreAfter = input.before !== undefined;
  }
  return {
    messages: await toViews(ctx, [...before, ...after].map(fromRaw)),
    hasMoreBefore: moreBefore,
    hasMoreAfter: moreAfter,
  };
}

export async function getMessage(ctx: ServiceCtx, input: { messageId: string }) {
  const m = await ctx.tx.message.findFirst({
    where: { id: input.messageId, workspaceId: ctx.scope.workspaceId },
    include: { reactions: reactionSelect },
  });
  if (!m) throw notFound('Message');
  try {
    await readable(ctx.tx, ctx.scope, m.conversationId);
  } catch {
    throw notFound('Message');
  }
  const [view] = await toViews(ctx, [m]);
  if (!view) throw notFound('Message');
  return view;
}

export async function listPins(ctx: ServiceCtx, input: { conversationId: string }) {
  await readable(ctx.tx, ctx.scope, input.conversationId);
  const rows = await ctx.tx.message.findMany({
    where: {
      workspaceId: ctx.scope.workspaceId,
      conversationId: input.conversationId,
      pinnedAt: { not: null },
    },
    orderBy: { pinnedAt: 'desc' },
    take: 100,
    include: { reactions: reactionSelect },
  });
  return toViews(ctx, rows);
}

/**
 * What a reconnecting client missed in one conversation, from one consistent snapshot (a single
 * statement): first the messages it holds (seq <= lastSeq) that changed after lastRev, in revision
 * order; then the messages after lastSeq, in sequence order, in their current state. The returned
 * lastRev moves to the conversation's revision only when every change fitted in the page, so
 * nothing is skipped and nothing already sent is sent again.
 */
async function syncOne(
  ctx: ServiceCtx,
  c: { conversationId: string; lastSeq: number; lastRev: number },
  limit: number,
) {
  await readable(ctx.tx, ctx.scope, c.conversationId);
  const ws = ctx.scope.workspaceId;
  const rows = await ctx.tx.$queryRaw<(RawRow & { part: 'change' | 'new'; conv_last_rev: bigint })[]>`
    WITH conv AS (
      SELECT last_rev FROM conversation WHERE workspace_id = ${ws}::uuid AND id = ${c.conversationId}::uuid
    ), picked AS (
      (SELECT id, 'change' AS part FROM message
        WHERE workspace_id = ${ws}::uuid AND conversation_id = ${c.conversationId}::uuid
          AND seq <= ${c.lastSeq} AND rev > ${c.lastRev}
        ORDER BY rev LIMIT ${limit + 1})
      UNION ALL
      (SELECT id, 'new' AS part FROM message
        WHERE workspace_id = ${ws}::uuid AND conversation_id = ${c.conversationId}::uuid AND seq > ${c.lastSeq}
        ORDER BY seq LIMIT ${limit + 1})
    )
    SELECT ${messageColumns}, p.part, conv.last_rev AS conv_last_rev
    FROM picked p JOIN message m ON m.workspace_id = ${ws}::uuid AND m.id = p.id CROSS JOIN conv`;
  const changes = rows.filter((r) => r.part === 'change').sort((a, b) => Number(a.rev - b.rev));
  const fresh = rows.filter((r) => r.part === 'new').sort((a, b) => Number(a.seq - b.seq));
  const convRev = rows[0]?.conv_last_rev;
  if (changes.length > limit) {
    const page = changes.slice(0, limit);
    return {
      conversationId: c.conversationId,
      messages: [],
      changes: await toViews(ctx, page.map(fromRaw)),
      lastSeq: c.lastSeq,
      lastRev: Number(page.at(-1)?.rev ?? c.lastRev),
      hasMore: true,
    };
  }
  const room = limit - changes.length;
  const page = fresh.slice(0, Math.max(room, 0));
  const hasMore = fresh.length > page.length;
  return {
    conversationId: c.conversationId,
    messages: await toViews(ctx, page.map(fromRaw)),
    changes: await toViews(ctx, changes.map(fromRaw)),
    lastSeq: Number(page.at(-1)?.seq ?? c.lastSeq),
    lastRev: convRev !== undefined ? Math.max(Number(convRev), c.lastRev) : c.lastRev,
    hasMore,
  };
}

export async function sync(ctx: ServiceCtx, input: z.infer<typeof syncInput>) {
  requirePerson(ctx.scope);
  const ids = input.conversations.map((c) => c.conversationId);
  if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION', 'Each conversation at most once');
  const out = [];
  for (const c of input.conversations) {
    try {
      out.push({ ...(await syncOne(ctx, c, input.limit)), gone: false });
    } catch (e) {
      // One conversation the caller lost (or never had) must not stall the others; the answer is
      // the same whether it exists or not.
      if (!(e instanceof AppError && e.code === 'NOT_FOUND')) throw e;
      const { conversationId, lastSeq, lastRev } = c;
      out.push({ conversationId, messages: [], changes: [], lastSeq, lastRev, hasMore: false, gone: true });
    }
  }
  return { conversations: out };
}
