import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { encryptField } from '../../lib/crypto/aead';
import { indexTokens } from '../../lib/crypto/search-tokens';
import { AppError, notFound } from '../../lib/errors';
import type { PublishEvent } from '../../realtime/publish';
import { keyring, searchKeyFor } from '../keys/keyring';
import type { Role } from '../member/roles';
import { presenceOf } from '../presence/service';
import { readSettings } from '../workspace/settings';
import { openToMembers } from './access';
import { parseMentions } from './mentions';
import type { MessageOutput } from './schemas';
import { bodyBinding, bodyMac, reactionSelect, toView } from './view';

export interface SendItem {
  userId: string;
  role: Role;
  conversationId: string;
  clientMsgId: string;
  body: string;
  parentId?: string | undefined;
}
export type SendResult =
  { ok: true; message: MessageOutput; duplicate: boolean } | { ok: false; error: AppError };

interface Prepared {
  index: number;
  item: SendItem;
  id: string;
  depth: number;
  mac: Buffer;
}

/**
 * Stores a batch of sends in the caller's transaction (one workspace): one send from the API, many
 * concurrent ones from the socket batcher (group commit). Each item gets its own result; an item
 * that fails takes nothing with it. Returns the events to publish once the transaction commits.
 *
 * Order matters for "no gap, no duplicate": the conversations are locked first (in id order, so
 * batches cannot deadlock), and client ids are checked after, so a retry racing its original waits
 * for it and then finds it.
 */
export async function sendBatch(
  tx: Tx,
  workspaceId: WorkspaceId,
  items: SendItem[],
): Promise<{ results: SendResult[]; events: PublishEvent[]; rotateNeeded: boolean }> {
  const results: (SendResult | undefined)[] = items.map(() => undefined);
  const fail = (i: number, e: AppError) => (results[i] = { ok: false, error: e });
  const conversationIds = [...new Set(items.map((i) => i.conversationId))].sort();

  const users = [...new Set(items.map((i) => i.userId))];
  // One statement locks the conversations (in id order) and reads what the checks need.
  const conversations = await tx.$queryRaw<
    { id: string; kind: string; is_private: boolean; archived: boolean; members: string[] }[]
  >`SELECT c.id, c.kind::text AS kind, c.is_private, c.archived_at IS NOT NULL AS archived,
      ARRAY(SELECT cm.user_id FROM conversation_member cm
            WHERE cm.workspace_id = c.workspace_id AND cm.conversation_id = c.id
              AND cm.user_id = ANY(${users}::text[])) AS members
    FROM conversation c WHERE c.workspace_id = ${workspaceId}::uuid AND c.id = ANY(${conversationIds}::uuid[])
    ORDER BY c.id FOR UPDATE OF c`;

  // Retries: the same client id returns what was stored for it (if it was this person's).
  const existing = await tx.$queryRaw<
    { id: string; client_msg_id: string; author_id: string | null; conversation_id: string }[]
  >`
    SELECT id, client_msg_id, author_id, conversation_id FROM message
    WHERE workspace_id = ${workspaceId}::uuid AND client_msg_id = ANY(${items.map((i) => i.clientMsgId)}::text[])`;
  if (existing.length > 0) {
    const full = await tx.message.findMany({
      where: { workspaceId, id: { in: existing.map((e) => e.id) } },
      include: { reactions: reactionSelect },
    });
    const byClientId = new Map(full.map((m) => [m.clientMsgId, m]));
    for (const [i, it] of items.entries()) {
      const m = byClientId.get(it.clientMsgId);
      if (!m) continue;
      if (m.authorId !== it.userId || m.conversationId !== it.conversationId) {
        fail(i, new AppError('CONFLICT', 'This client message id is already used'));
      } else {
        results[i] = { ok: true, message: await toView(tx, m), duplicate: true };
      }
    }
  }

  const convById = new Map(conversations.map((c) => [c.id, c]));
  const parentIds = [...new Set(items.flatMap((i) => (i.parentId ? [i.parentId] : [])))];
  const parents = parentIds.length
    ? await tx.message.findMany({
        where: { workspaceId, id: { in: parentIds } },
        select: { id: true, conversationId: true, depth: true, deletedAt: true },
      })
    : [];
  const parentById = new Map(parents.map((p) => [p.id, p]));
  const settings = await readSettings(tx, workspaceId);
  const { version, key } = await keyring().current(tx, workspaceId);
  const sKey = await searchKeyFor(tx, workspaceId, version);

  const prepared: Prepared[] = [];
  const seenClientIds = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    if (results[index]) continue;
    const c = convById.get(item.conversationId);
    const isMember = c?.members.includes(item.userId) ?? false;
    const open = c && openToMembers(c.kind, c.is_private) && item.role !== 'guest';
    if (!c || (!isMember && !open)) {
      fail(index, notFound('Conversation'));
      continue;
    }
    if (!isMember) {
      fail(index, new AppError('FORBIDDEN', 'Join the conversation first'));
      continue;
    }
    if (c.archived) {
      fail(index, new AppError('FORBIDDEN', 'This conversation is archived'));
      continue;
    }
    let depth = 0;
    if (item.parentId) {
      const p = parentById.get(item.parentId);
      if (!p || p.conversationId !== item.conversationId || p.deletedAt) {
        fail(index, notFound('Parent message'));
        continue;
      }
      depth = p.depth + 1;
      if (depth > settings.replyDepth) {
        fail(
          index,
          new AppError(
            'VALIDATION',
            settings.replyDepth === 1
              ? 'Replies go to top-level messages only; reply in the thread instead'
              : `Replies can nest at most ${settings.replyDepth} deep`,
            { fieldErrors: { parentId: ['Too deep'] } },
          ),
        );
        continue;
      }
    }
    const twin = seenClientIds.get(item.clientMsgId);
    if (twin !== undefined) {
      // The same id twice in one batch: the second is a retry of the first.
      prepared.push({ index, item, id: '', depth, mac: Buffer.alloc(0) });
      continue;
    }
    seenClientIds.set(item.clientMsgId, index);
    prepared.push({
      index,
      item,
      id: randomUUID(),
      depth,
      mac: bodyMac(sKey, item.conversationId, item.body),
    });
  }

  // Anti-spam: the same text from the same person in the same conversation within the window.
  const fresh = prepared.filter((p) => p.id !== '');
  if (settings.duplicateWindowSeconds > 0 && fresh.length > 0) {
    const since = new Date(Date.now() - settings.duplicateWindowSeconds * 1000);
    // One index probe per candidate on (workspace, conversation, author, body_mac).
    const recent = await tx.$queryRaw<{ conversation_id: string; author_id: string; mac: string }[]>`
      SELECT m.conversation_id, m.author_id, encode(m.body_mac, 'hex') AS mac
      FROM unnest(${fresh.map((p) => p.item.conversationId)}::uuid[], ${fresh.map((p) => p.item.userId)}::text[],
                  ${fresh.map((p) => p.mac.toString('hex'))}::text[]) AS k(c, a, h)
      JOIN message m ON m.workspace_id = ${workspaceId}::uuid AND m.conversation_id = k.c
        AND m.author_id = k.a AND m.body_mac = decode(k.h, 'hex')
      WHERE m.created_at > ${since}`;
    const seen = new Set(recent.map((r) => `${r.conversation_id}|${r.author_id}|${r.mac}`));
    for (const p of fresh) {
      const k = `${p.item.conversationId}|${p.item.userId}|${p.mac.toString('hex')}`;
      if (seen.has(k)) {
        fail(
          p.index,
          new AppError(
            'CONFLICT',
            `You just sent the same message here; wait ${settings.duplicateWindowSeconds} s to send it again`,
          ),
        );
      }
      seen.add(k);
    }
  }
  const toInsert = fresh.filter((p) => !results[p.index]);
  const events: PublishEvent[] = [];
  if (toInsert.length > 0) {
    await insert(tx, workspaceId, toInsert, version, key, sKey, results, events);
  }
  // Retries of an item from the same batch get what the first one got.
  for (const p of prepared) {
    if (p.id !== '') continue;
    const first = results[seenClientIds.get(p.item.clientMsgId) ?? -1];
    results[p.index] = first?.ok ? { ...first, duplicate: true } : first;
  }
  // A key that has done enough encryptions is replaced (after commit, by the caller).
  const rotateNeeded = toInsert.length > 0 && keyring().count(workspaceId, version, toInsert.length);
  return {
    results: results.map((r) => r ?? { ok: false, error: new AppError('INTERNAL', 'Not processed') }),
    events,
    rotateNeeded,
  };
}

async function insert(
  tx: Tx,
  workspaceId: WorkspaceId,
  toInsert: Prepared[],
  version: number,
  key: Buffer,
  sKey: Buffer,
  results: (SendResult | undefined)[],
  events: PublishEvent[],
) {
  // Sequence numbers and revisions: new messages first, then one revision per thread parent touched.
  const perConv = new Map<string, { n: number; parents: Set<string> }>();
  for (const p of toInsert) {
    const e = perConv.get(p.item.conversationId) ?? { n: 0, parents: new Set<string>() };
    e.n += 1;
    if (p.item.parentId) e.parents.add(p.item.parentId);
    perConv.set(p.item.conversationId, e);
  }
  const ids = [...perConv.keys()];
  const ns = ids.map((id) => perConv.get(id)?.n ?? 0);
  const rs = ids.map((id) => (perConv.get(id)?.n ?? 0) + (perConv.get(id)?.parents.size ?? 0));
  const bumped = await tx.$queryRaw<{ id: string; last_seq: bigint; last_rev: bigint }[]>`
    UPDATE conversation c SET last_seq = c.last_seq + v.n, last_rev = c.last_rev + v.r
    FROM (SELECT unnest(${ids}::uuid[]) AS id, unnest(${ns}::int[]) AS n, unnest(${rs}::int[]) AS r) v
    WHERE c.workspace_id = ${workspaceId}::uuid AND c.id = v.id
    RETURNING c.id, c.last_seq, c.last_rev`;
  const next = new Map(
    bumped.map((b) => {
      const e = perConv.get(b.id);
      const n = BigInt(e?.n ?? 0);
      const r = n + BigInt(e?.parents.size ?? 0);
      return [b.id, { seq: b.last_seq - n + 1n, rev: b.last_rev - r + 1n }];
    }),
  );

  const now = new Date();
  const rows: Record<string, unknown>[] = [];
  const views: { p: Prepared; view: MessageOutput; mentions: ReturnType<typeof parseMentions> }[] = [];
  for (const p of toInsert) {
    const counter = next.get(p.item.conversationId);
    if (!counter) throw new AppError('INTERNAL', 'Conversation vanished during send');
    const seq = counter.seq++;
    const rev = counter.rev++;
    const mentions = parseMentions(p.item.body);
    rows.push({
      id: p.id,
      conversation_id: p.item.conversationId,
      seq: Number(seq),
      rev: Number(rev),
      author_id: p.item.userId,
      client_msg_id: p.item.clientMsgId,
      parent_id: p.item.parentId ?? null,
      depth: p.depth,
      body: encryptField(key, version, bodyBinding(workspaceId, p.id), p.item.body).toString('base64'),
      tokens: indexTokens(sKey, p.item.body),
      mac: p.mac.toString('hex'),
      mentions: mentions.userIds,
      mention_channel: mentions.channel,
      mention_here: mentions.here,
    });
    const view: MessageOutput = {
      id: p.id,
      conversationId: p.item.conversationId,
      seq: Number(seq),
      rev: Number(rev),
      clientMsgId: p.item.clientMsgId,
      authorId: p.item.userId,
      parentId: p.item.parentId ?? null,
      depth: p.depth,
      body: p.item.body,
      undecryptable: false,
      mentions: mentions.userIds,
      mentionChannel: mentions.channel,
      mentionHere: mentions.here,
      replyCount: 0,
      lastReplyAt: null,
      threadParticipants: [],
      reactions: [],
      pinnedAt: null,
      pinnedBy: null,
      editedAt: null,
      deletedAt: null,
      createdAt: now.toISOString(),
    };
    views.push({ p, view, mentions });
    results[p.index] = { ok: true, message: view, duplicate: false };
    events.push({ type: 'message:new', workspaceId, message: view });
  }
  // One statement and one parameter for the whole batch: Prisma's createMany spends about 0.8 ms of
  // CPU per row on a message (bench/README.md); jsonb_to_recordset does the same work in PostgreSQL.
  await tx.$executeRaw`
    INSERT INTO message (id, workspace_id, conversation_id, seq, rev, author_id, client_msg_id, parent_id, depth,
      body, key_version, search_tokens, body_mac, mentions, mention_channel, mention_here, created_at)
    SELECT r.id, ${workspaceId}::uuid, r.conversation_id, r.seq, r.rev, r.author_id, r.client_msg_id, r.parent_id,
      r.depth, decode(r.body, 'base64'), ${version}::int, ARRAY(SELECT jsonb_array_elements_text(r.tokens)),
      decode(r.mac, 'hex'), ARRAY(SELECT jsonb_array_elements_text(r.mentions)), r.mention_channel, r.mention_here,
      ${now}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id uuid, conversation_id uuid, seq bigint,
      rev bigint, author_id text, client_msg_id text, parent_id uuid, depth smallint, body text, tokens jsonb,
      mac text, mentions jsonb, mention_channel boolean, mention_here boolean)`;

  const touched: string[] = [];
  // Thread parents: reply count, last reply time, participants, and a new revision each.
  for (const [convId, e] of perConv) {
    const counter = next.get(convId);
    if (!counter) continue;
    for (const parentId of e.parents) {
      const replies = views.filter((v) => v.p.item.parentId === parentId);
      const authors = [...new Set(replies.map((v) => v.p.item.userId))];
      const rev = counter.rev++;
      await tx.$executeRaw`UPDATE message SET reply_count = reply_count + ${replies.length}, last_reply_at = ${now},
        rev = ${rev},
        thread_participants = (SELECT array_agg(DISTINCT x) FROM unnest(thread_participants || ${authors}::text[]) x)
        WHERE workspace_id = ${workspaceId}::uuid AND id = ${parentId}::uuid`;
      touched.push(parentId);
    }
  }
  if (touched.length) {
    const rows = await tx.message.findMany({
      where: { workspaceId, id: { in: touched } },
      include: { reactions: reactionSelect },
    });
    for (const m of rows) events.push({ type: 'message:updated', workspaceId, message: await toView(tx, m) });
  }

  await notifyMentions(tx, workspaceId, views, events);
}

/** One in-app notification per person mentioned (directly, @channel or @here) who is in the conversation. */
async function notifyMentions(
  tx: Tx,
  workspaceId: WorkspaceId,
  views: { p: Prepared; view: MessageOutput; mentions: ReturnType<typeof parseMentions> }[],
  events: PublishEvent[],
) {
  const mentioning = views.filter((v) => v.mentions.userIds.length || v.mentions.channel || v.mentions.here);
  if (mentioning.length === 0) return;
  const convIds = [...new Set(mentioning.map((v) => v.p.item.conversationId))];
  const members = await tx.conversationMember.findMany({
    where: { workspaceId, conversationId: { in: convIds } },
    select: { conversationId: true, userId: true },
  });
  const rows: Prisma.NotificationCreateManyInput[] = [];
  for (const v of mentioning) {
    const inConv = members.filter((m) => m.conversationId === v.p.item.conversationId).map((m) => m.userId);
    const targets = new Set<string>();
    for (const u of inConv) {
      if (u === v.p.item.userId) continue;
      if (v.mentions.channel || v.mentions.userIds.includes(u)) targets.add(u);
      else if (v.mentions.here && presenceOf(u).status !== 'offline') targets.add(u);
    }
    for (const userId of targets) {
      rows.push({
        workspaceId,
        userId,
        kind: 'mention',
        conversationId: v.p.item.conversationId,
        messageId: v.p.id,
        seq: BigInt(v.view.seq),
        actorId: v.p.item.userId,
      });
      events.push({
        type: 'notification',
        workspaceId,
        userId,
        kind: 'mention',
        conversationId: v.p.item.conversationId,
        messageId: v.p.id,
        seq: v.view.seq,
      });
    }
  }
  if (rows.length) await tx.notification.createMany({ data: rows, skipDuplicates: true });
}
