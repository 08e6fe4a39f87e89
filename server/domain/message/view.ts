import { MEMBERSHIP_EVENTS } from '../../../shared/membership-events';
import { z } from 'zod';
import { createHmac } from 'node:crypto';
import type { Tx } from '../../db/client';
import type { Message } from '../../db/generated/client';
import { iso, isoOrNull } from '../../lib/time';
import { logger } from '../../lib/logger';
import type { KeyServices } from '../deps';
import type { MessageOutput } from './schemas';
import { fileViews } from '../attachment/view';
import type { FileOutput } from '../attachment/schemas';

export const bodyBinding = (workspaceId: string, id: string) => ({
  workspaceId,
  table: 'message',
  rowId: id,
  column: 'body',
});
export const editBinding = (workspaceId: string, id: string) => ({
  workspaceId,
  table: 'message_edit',
  rowId: id,
  column: 'body',
});

/** Keyed hash for the duplicate window: equal (conversation, text) pairs give equal values. */
export const bodyMac = (key: Buffer, conversationId: string, body: string) =>
  createHmac('sha256', key).update(`dup\n${conversationId}\n${body.trim()}`).digest().subarray(0, 16);

type Reaction = { emoji: string; userId: string; createdAt: Date };

/** Reactions grouped by emoji, in the order each emoji was first used. */
export function groupReactions(rows: Reaction[]): MessageOutput['reactions'] {
  const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const by = new Map<string, string[]>();
  for (const r of sorted) by.set(r.emoji, [...(by.get(r.emoji) ?? []), r.userId]);
  return [...by].map(([e, userIds]) => ({ emoji: e, count: userIds.length, userIds }));
}

export const reactionSelect = { select: { emoji: true, userId: true, createdAt: true } } as const;

/** What turning rows into views needs: the transaction they were read in, and the keys. */
export interface ViewCtx {
  tx: Tx;
  deps: { keys: KeyServices };
}

/** A stored message as clients see it, its body decrypted (null for a tombstone). */
const membershipEvent = z.enum(MEMBERSHIP_EVENTS);
/** A system message's event, or null for a message someone wrote. */
const eventOf = (m: { event: string | null; eventUserId: string | null }) => {
  const type = membershipEvent.safeParse(m.event);
  return type.success && m.eventUserId ? { type: type.data, userId: m.eventUserId } : null;
};

export async function toView(
  { tx, deps }: ViewCtx,
  m: Message & { reactions?: Reaction[] },
  loaded?: Map<string, FileOutput>,
): Promise<MessageOutput> {
  let body: string | null = null;
  let undecryptable = false;
  if (m.body) {
    try {
      body = await deps.keys.ring.decrypt(tx, bodyBinding(m.workspaceId, m.id), Buffer.from(m.body));
    } catch (err) {
      // A ciphertext that fails authentication (tampered, or copied from another row or workspace)
      // hides that one message instead of breaking the whole page.
      logger.error({ err, messageId: m.id }, 'message body failed to decrypt');
      undecryptable = true;
    }
  }
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: Number(m.seq),
    rev: Number(m.rev),
    clientMsgId: m.clientMsgId,
    authorId: m.authorId,
    parentId: m.parentId,
    depth: m.depth,
    body,
    undecryptable,
    mentions: m.mentions,
    mentionChannel: m.mentionChannel,
    mentionHere: m.mentionHere,
    replyCount: m.replyCount,
    lastReplyAt: isoOrNull(m.lastReplyAt),
    threadParticipants: m.threadParticipants,
    reactions: groupReactions(m.reactions ?? []),
    pinnedAt: isoOrNull(m.pinnedAt),
    pinnedBy: m.pinnedBy,
    editedAt: isoOrNull(m.editedAt),
    correctedAt: isoOrNull(m.correctedAt),
    deletedAt: isoOrNull(m.deletedAt),
    createdAt: iso(m.createdAt),
    event: eventOf(m),
    files: await filesOf({ tx, deps }, m, loaded),
  };
}

/** A message's files: none for a tombstone; from what the caller loaded for a page, else read. */
async function filesOf({ tx, deps }: ViewCtx, m: Message, loaded?: Map<string, FileOutput>) {
  if (m.deletedAt || m.fileIds.length === 0) return [];
  if (loaded) return m.fileIds.flatMap((id) => loaded.get(id) ?? []);
  return fileViews(tx, deps.keys, m.workspaceId, m.fileIds);
}

/** Views of a page of messages, their files read in one query. */
export async function toViews(c: ViewCtx, rows: (Message & { reactions?: Reaction[] })[]) {
  const ids = rows.flatMap((r) => (r.deletedAt ? [] : r.fileIds));
  const first = rows[0];
  const files = first && ids.length > 0 ? await fileViews(c.tx, c.deps.keys, first.workspaceId, ids) : [];
  const loaded = new Map(files.map((f) => [f.id, f]));
  return Promise.all(rows.map((m) => toView(c, m, loaded)));
}
