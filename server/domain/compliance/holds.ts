import type { z } from 'zod';
import type { Tx } from '../../db/client';
import { AppError, notFound } from '../../lib/errors';
import type { HoldScope } from '../../../shared/retention';
import { audit } from '../audit/append';
import { requirePerson } from '../message/access';
import { policyFields } from '../policy/fields';
import type { ServiceCtx } from '../scope';
import { namesIn } from './names';
import type { placeHoldInput } from './schemas';

/** What stops retention (and erasure) now: the workspace, conversations and people under a hold. */
export interface ActiveHolds {
  workspace: boolean;
  conversations: Set<string>;
  people: Set<string>;
}

export async function activeHolds(tx: Tx, workspaceId: string): Promise<ActiveHolds> {
  const rows = await tx.legalHold.findMany({
    where: { workspaceId, releasedAt: null },
    select: { conversationId: true, userId: true },
  });
  return {
    workspace: rows.some((r) => r.conversationId === null && r.userId === null),
    conversations: new Set(rows.flatMap((r) => (r.conversationId ? [r.conversationId] : []))),
    people: new Set(rows.flatMap((r) => (r.userId ? [r.userId] : []))),
  };
}

const scopeOf = (h: { conversationId: string | null; userId: string | null }): HoldScope =>
  h.conversationId ? 'conversation' : h.userId ? 'person' : 'workspace';

type HoldRow = Awaited<ReturnType<Tx['legalHold']['findMany']>>[number];

async function views(ctx: ServiceCtx, rows: HoldRow[]) {
  const names = await namesIn(
    ctx.tx,
    ctx.scope.workspaceId,
    rows.flatMap((r) => [r.placedBy, r.releasedBy ?? '', r.userId ?? '']),
    rows.flatMap((r) => (r.conversationId ? [r.conversationId] : [])),
  );
  return rows.map((r) => {
    const scope = scopeOf(r);
    return {
      id: r.id,
      scope,
      covers:
        scope === 'workspace'
          ? 'the whole workspace'
          : scope === 'conversation'
            ? names.conversation(r.conversationId ?? '')
            : `${names.person(r.userId ?? '').name}'s messages`,
      conversationId: r.conversationId,
      userId: r.userId,
      reason: r.reason,
      placedBy: names.person(r.placedBy),
      placedAt: r.placedAt.toISOString(),
      releasedBy: r.releasedBy ? names.person(r.releasedBy) : null,
      releasedAt: r.releasedAt?.toISOString() ?? null,
    };
  });
}

/** The workspace's legal holds in force (oldest first), or with the released ones (newest first). */
export async function listHolds(ctx: ServiceCtx, input: { released: boolean }) {
  const rows = await ctx.tx.legalHold.findMany({
    where: { workspaceId: ctx.scope.workspaceId, ...(input.released ? {} : { releasedAt: null }) },
    orderBy: { placedAt: input.released ? 'desc' : 'asc' },
    take: 200,
  });
  return views(ctx, rows);
}

/**
 * Places a legal hold: from now on the retention sweep (and erasure) leaves what it covers alone.
 * The same thing held twice is a CONFLICT (release the first to change its reason).
 */
export async function placeHold(ctx: ServiceCtx, input: z.infer<typeof placeHoldInput>) {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  const conversationId = input.scope === 'conversation' ? (input.conversationId ?? null) : null;
  const userId = input.scope === 'person' ? (input.userId ?? null) : null;
  if (conversationId) {
    const c = await tx.conversation.findFirst({
      where: { workspaceId: ws, id: conversationId },
      select: { id: true },
    });
    if (!c) throw notFound('Conversation');
  }
  if (userId) {
    // A person who has left may still be held: their messages stay. One never here is not found.
    const [known] = await tx.$queryRaw<{ n: bigint }[]>`
      SELECT (SELECT count(*) FROM member WHERE workspace_id = ${ws}::uuid AND user_id = ${userId})
        + (SELECT count(*) FROM message WHERE workspace_id = ${ws}::uuid AND author_id = ${userId} LIMIT 1) AS n`;
    if (!known || known.n === 0n) throw notFound('Person');
  }
  const same = await tx.legalHold.findFirst({
    where: { workspaceId: ws, releasedAt: null, conversationId, userId },
    select: { id: true },
  });
  if (same)
    throw new AppError('CONFLICT', 'This is already under a legal hold. Release that hold to place another.');
  const { 'legal_hold.reason': reason = input.reason } = await policyFields(ctx, me, null, {
    'legal_hold.reason': input.reason,
  });
  const row = await tx.legalHold.create({
    data: { workspaceId: ws, conversationId, userId, reason, placedBy: me },
  });
  await audit(
    ctx,
    'legal_hold.place',
    { type: 'legal_hold', id: row.id },
    {
      scope: input.scope,
      conversationId,
      userId,
      reason,
    },
  );
  const [view] = await views(ctx, [row]);
  return view!;
}

/** Releases a hold: what it covered follows the retention rules again from the next sweep. */
export async function releaseHold(ctx: ServiceCtx, input: { holdId: string }) {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  const released = await tx.legalHold.updateMany({
    where: { workspaceId: ws, id: input.holdId, releasedAt: null },
    data: { releasedAt: new Date(), releasedBy: me },
  });
  if (released.count === 0) {
    const exists = await tx.legalHold.findFirst({
      where: { workspaceId: ws, id: input.holdId },
      select: { id: true },
    });
    if (!exists) throw notFound('Legal hold');
    throw new AppError('CONFLICT', 'This hold was already released');
  }
  const row = await tx.legalHold.findUniqueOrThrow({
    where: { workspaceId_id: { workspaceId: ws, id: input.holdId } },
  });
  await audit(ctx, 'legal_hold.release', { type: 'legal_hold', id: row.id }, { scope: scopeOf(row) });
  const [view] = await views(ctx, [row]);
  return view!;
}
