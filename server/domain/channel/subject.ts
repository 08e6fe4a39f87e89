import type { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { AppError, forbidden } from '../../lib/errors';
import { VISITOR_SUBJECT } from '../../../shared/record-links';
import { iso } from '../../lib/time';
import { audit } from '../audit/append';
import type { ServiceCtx } from '../scope';
import { withCounts } from './counts';
import type { getOrCreateBySubjectInput, listBySubjectInput, SubjectConversationOutput } from './schemas';

type Row = {
  id: string;
  name: string | null;
  subjectType: string | null;
  subjectId: string | null;
  createdAt: Date;
  _count: { members: number };
  members: { userId: string }[];
};
const toOutput = (r: Row): SubjectConversationOutput => ({
  id: r.id,
  subject: { type: r.subjectType ?? '', id: r.subjectId ?? '' },
  title: r.name ?? `${r.subjectType ?? ''} ${r.subjectId ?? ''}`,
  createdAt: iso(r.createdAt),
  memberCount: r._count.members,
  joined: r.members.length > 0,
});
const include = (me: string) => ({
  _count: { select: { members: true } },
  members: { where: { userId: me }, select: { userId: true }, take: 1 },
});

/**
 * The one conversation about a record of the host application (`{ type: 'invoice', id: '42' }`),
 * created on first use; whoever opens it joins it. Members (not guests) may open any record's
 * conversation, as they may any public channel.
 */
export async function getOrCreateBySubject(
  ctx: ServiceCtx,
  input: z.infer<typeof getOrCreateBySubjectInput>,
): Promise<SubjectConversationOutput> {
  const me = ctx.scope.userId;
  if (!me) throw forbidden('Conversations are for people; API keys cannot open them');
  const { tx, scope } = ctx;
  const where = {
    workspaceId: scope.workspaceId,
    kind: 'subject' as const,
    subjectType: input.subject.type,
    subjectId: input.subject.id,
  };
  let row = await tx.conversation.findFirst({ where, include: include(me) });
  if (!row) {
    // Insert-on-conflict: whoever opens a record's conversation first creates it; the others (whose
    // inserts wait for that one to commit) find it and join it.
    const id = randomUUID();
    const created = await tx.conversation.createMany({
      data: [{ ...where, id, name: input.title ?? null, createdBy: me }],
      skipDuplicates: true,
    });
    if (created.count === 1) {
      await audit(
        ctx,
        'conversation.create',
        { type: 'conversation', id },
        { subjectType: input.subject.type, subjectId: input.subject.id },
      );
      // Staff sidebars list it now (a visitor's new conversation waits for an answer).
      const workspaceId = scope.workspaceId;
      ctx.afterCommit(() =>
        ctx.deps.events.publish({
          type: 'conversation:new',
          workspaceId,
          conversationId: id,
          kind: 'subject',
          subjectType: input.subject.type,
          audience: [me],
        }),
      );
    }
    row = await tx.conversation.findFirst({ where, include: include(me) });
    if (!row) throw new AppError('UNAVAILABLE', 'The conversation could not be opened; retry');
  }
  if (row.members.length === 0) {
    await tx.conversationMember.createMany({
      data: [{ workspaceId: scope.workspaceId, conversationId: row.id, userId: me }],
      skipDuplicates: true,
    });
    row = await tx.conversation.findFirstOrThrow({ where: { id: row.id }, include: include(me) });
  }
  return toOutput(row);
}

export async function listBySubject(ctx: ServiceCtx, input: z.infer<typeof listBySubjectInput>) {
  const me = ctx.scope.userId;
  if (!me) throw forbidden('Conversations are for people; API keys cannot list them');
  const rows = await ctx.tx.conversation.findMany({
    where: { workspaceId: ctx.scope.workspaceId, kind: 'subject', subjectType: input.type },
    include: include(me),
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
  const awaiting = await awaitingReply(
    ctx,
    rows.map((r) => r.id),
  );
  return withCounts(
    ctx,
    rows.map((r) => ({ ...toOutput(r), awaitingReply: awaiting.has(r.id) })),
  );
}

/**
 * The record types that have conversations in the workspace, busiest first (the sidebar's picker).
 * Widget visitors' own conversations are listed apart, so their type is left out.
 */
export async function listSubjectTypes(ctx: ServiceCtx) {
  const rows = await ctx.tx.conversation.groupBy({
    by: ['subjectType'],
    where: { workspaceId: ctx.scope.workspaceId, kind: 'subject', subjectType: { not: VISITOR_SUBJECT } },
    _count: { _all: true },
  });
  return rows
    .flatMap((r) => (r.subjectType ? [{ type: r.subjectType, conversations: r._count._all }] : []))
    .sort((a, b) => b.conversations - a.conversations || a.type.localeCompare(b.type));
}

/**
 * Of these conversations, those whose latest message is from a widget visitor: staff who have not
 * joined one get no unread count, so this is how the sidebar shows that someone is waiting.
 */
async function awaitingReply(ctx: ServiceCtx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  // A conversation the team closed or snoozed waits for nobody, until the visitor writes after it
  // (or the snooze ends): the inbox's rule (domain/inbox/rows.ts).
  const rows = await ctx.tx.$queryRaw<{ id: string }[]>`
    SELECT last.conversation_id AS id FROM (
      SELECT DISTINCT ON (m.conversation_id) m.conversation_id, m.author_id, m.created_at FROM message m
      WHERE m.workspace_id = ${ctx.scope.workspaceId}::uuid AND m.conversation_id = ANY(${ids}::uuid[])
        AND m.deleted_at IS NULL AND m.parent_id IS NULL
      ORDER BY m.conversation_id, m.seq DESC
    ) last
    JOIN widget_visitor v ON v.workspace_id = ${ctx.scope.workspaceId}::uuid AND v.user_id = last.author_id
    LEFT JOIN support_conversation sc ON sc.workspace_id = ${ctx.scope.workspaceId}::uuid
      AND sc.conversation_id = last.conversation_id
    WHERE sc.conversation_id IS NULL OR sc.status = 'open' OR last.created_at > sc.status_at
      OR (sc.status = 'snoozed' AND sc.snoozed_until <= now())`;
  return new Set(rows.map((r) => r.id));
}

/** Record-linked conversations the caller is in (a widget visitor's list), newest first. */
export async function listJoinedSubjects(ctx: ServiceCtx) {
  const me = ctx.scope.userId;
  if (!me) throw forbidden('Conversations are for people; API keys cannot list them');
  const rows = await ctx.tx.conversation.findMany({
    where: { workspaceId: ctx.scope.workspaceId, kind: 'subject', members: { some: { userId: me } } },
    include: include(me),
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
  return withCounts(ctx, rows.map(toOutput));
}
