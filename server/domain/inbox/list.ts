import type { z } from 'zod';
import { Prisma } from '../../db/generated/client';
import { notFound } from '../../lib/errors';
import { logger } from '../../lib/logger';
import { iso, isoOrNull } from '../../lib/time';
import { replaceUserMentions } from '../../../shared/mentions';
import { withCounts } from '../channel/counts';
import { requirePerson } from '../message/access';
import { bodyBinding } from '../message/view';
import type { ServiceCtx } from '../scope';
import { inboxQuery, type InboxRow } from './rows';
import type { InboxItem, inboxCountsOutput, inboxDetailOutput, inboxListInput } from './schemas';

const PAGE = 200;
const PREVIEW_CHARS = 140;

const byFilter = (filter: z.infer<typeof inboxListInput>['filter'], me: string) => {
  switch (filter) {
    case 'mine':
      return Prisma.sql`q.status = 'open' AND q.assignee_id = ${me}`;
    case 'unassigned':
      return Prisma.sql`q.status = 'open' AND q.assignee_id IS NULL`;
    case 'all':
      return Prisma.sql`q.status = 'open'`;
    case 'snoozed':
      return Prisma.sql`q.status = 'snoozed'`;
    case 'closed':
      return Prisma.sql`q.status = 'closed'`;
  }
};

/** A message's text as one short line, mentions by name (never a raw `<@id>`). */
function preview(text: string, names: Map<string, string>): string {
  const named = replaceUserMentions(text, (id) => `@${names.get(id) ?? 'someone'}`);
  const line = named.replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}

/** Rows to inbox items: last messages decrypted and previewed, the caller's unread counts added. */
async function toItems(ctx: ServiceCtx, rows: InboxRow[]): Promise<(InboxItem & { row: InboxRow })[]> {
  const mentioned = [...new Set(rows.flatMap((r) => r.last_mentions ?? []))];
  const users = mentioned.length
    ? await ctx.tx.user.findMany({ where: { id: { in: mentioned } }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const items = await Promise.all(
    rows.map(async (r) => {
      let last: InboxItem['last'] = null;
      if (r.last_id && r.last_at) {
        let text = '';
        if (r.last_body) {
          try {
            const plain = await ctx.deps.keys.ring.decrypt(
              ctx.tx,
              bodyBinding(ctx.scope.workspaceId, r.last_id),
              Buffer.from(r.last_body),
            );
            text = preview(plain, names);
          } catch (err) {
            // One unreadable body must not hide the whole inbox (as in message history).
            logger.error({ err, messageId: r.last_id }, 'inbox preview failed to decrypt');
            text = 'This message could not be decrypted';
          }
        }
        last = {
          authorId: r.last_author,
          fromVisitor: !!r.last_from_visitor,
          preview: text,
          at: iso(r.last_at),
        };
      }
      return {
        row: r,
        conversationId: r.id,
        title: r.name ?? `${r.subject_type ?? ''} ${r.subject_id ?? ''}`.trim(),
        visitor: { userId: r.visitor_id, name: r.visitor_name, anonymous: r.external_id.startsWith('a:') },
        subject: { type: r.subject_type ?? '', id: r.subject_id ?? '' },
        status: r.status,
        snoozedUntil: r.status === 'snoozed' ? isoOrNull(r.snoozed_until) : null,
        assignee: r.assignee_id ? { userId: r.assignee_id, name: r.assignee_name ?? '' } : null,
        last,
        waitingSince: r.status === 'open' ? isoOrNull(r.waiting_since) : null,
        joined: r.joined,
        unread: 0,
        createdAt: iso(r.created_at),
      };
    }),
  );
  const joined = items.filter((i) => i.joined).map((i) => ({ id: i.conversationId }));
  const counts = new Map((await withCounts(ctx, joined)).map((c) => [c.id, c.unread]));
  return items.map((i) => ({ ...i, unread: counts.get(i.conversationId) ?? 0 }));
}

/**
 * The inbox: open conversations whose visitor waits come first, longest wait first; then the rest
 * by latest activity. Closed ones are listed by when they were closed.
 */
export async function listInbox(
  ctx: ServiceCtx,
  input: z.infer<typeof inboxListInput>,
): Promise<InboxItem[]> {
  const me = requirePerson(ctx.scope);
  const order =
    input.filter === 'closed'
      ? Prisma.sql`coalesce(q.last_at, q.created_at) DESC`
      : Prisma.sql`q.waiting_since ASC NULLS LAST, coalesce(q.last_at, q.created_at) DESC`;
  const rows = await ctx.tx.$queryRaw<InboxRow[]>`
    ${inboxQuery(ctx.scope.workspaceId, me, byFilter(input.filter, me))} ORDER BY ${order}, q.id LIMIT ${PAGE}`;
  return (await toItems(ctx, rows)).map(({ row: _row, ...item }) => item);
}

/** How many conversations each filter holds, and how many visitors wait (the tab's count). */
export async function inboxCounts(ctx: ServiceCtx): Promise<z.infer<typeof inboxCountsOutput>> {
  const me = requirePerson(ctx.scope);
  const [c] = await ctx.tx.$queryRaw<Record<string, bigint>[]>`
    SELECT
      count(*) FILTER (WHERE q.status = 'open' AND q.assignee_id = ${me}) AS mine,
      count(*) FILTER (WHERE q.status = 'open' AND q.assignee_id IS NULL) AS unassigned,
      count(*) FILTER (WHERE q.status = 'open') AS "all",
      count(*) FILTER (WHERE q.status = 'snoozed') AS snoozed,
      count(*) FILTER (WHERE q.status = 'closed') AS closed,
      count(*) FILTER (WHERE q.status = 'open' AND q.waiting_since IS NOT NULL) AS waiting
    FROM (${inboxQuery(ctx.scope.workspaceId, me)}) q`;
  const n = (k: string) => Number(c?.[k] ?? 0);
  return {
    mine: n('mine'),
    unassigned: n('unassigned'),
    all: n('all'),
    snoozed: n('snoozed'),
    closed: n('closed'),
    waiting: n('waiting'),
  };
}

/** One support conversation with the visitor panel: who they are, where they wrote from, before. */
export async function inboxDetail(
  ctx: ServiceCtx,
  input: { conversationId: string },
): Promise<z.infer<typeof inboxDetailOutput>> {
  const me = requirePerson(ctx.scope);
  const ws = ctx.scope.workspaceId;
  const rows = await ctx.tx.$queryRaw<InboxRow[]>`
    ${inboxQuery(ws, me, Prisma.sql`q.id = ${input.conversationId}::uuid`)}`;
  const [item] = await toItems(ctx, rows);
  if (!item) throw notFound('Support conversation');
  const { row, ...rest } = item;
  const [session, earlier] = await Promise.all([
    ctx.tx.widgetSession.findFirst({
      where: { workspaceId: ws, userId: row.visitor_id },
      orderBy: { createdAt: 'desc' },
      select: { hostOrigin: true },
    }),
    ctx.tx.$queryRaw<{ id: string; name: string | null; status: InboxRow['status']; created_at: Date }[]>`
      SELECT q.id, q.name, q.status, q.created_at FROM (${inboxQuery(
        ws,
        me,
        Prisma.sql`q.visitor_id = ${row.visitor_id} AND q.id <> ${row.id}::uuid`,
      )}) q ORDER BY q.created_at DESC LIMIT 20`,
  ]);
  return {
    ...rest,
    visitor: {
      ...rest.visitor,
      email: row.email,
      externalId: row.external_id.startsWith('u:') ? row.external_id.slice(2) : null,
      firstSeen: iso(row.first_seen),
    },
    pageUrl: row.page_url,
    hostOrigin: session?.hostOrigin ?? null,
    earlier: earlier.map((e) => ({
      conversationId: e.id,
      title: e.name ?? 'Conversation',
      status: e.status,
      createdAt: iso(e.created_at),
    })),
  };
}
