import { z } from 'zod';
import { withBodyRules } from '../../../shared/schemas';
import { opaqueId, text, uuidInput } from '../../lib/text';

export const PAGE_MAX = 100;

/** Non-blank, at most 16 KB of UTF-8, no control characters but newlines and tabs (shared/message-body.ts). */
export const messageBody = withBodyRules(text());

const conversationId = uuidInput();
const messageId = uuidInput();
/** Client-generated, unique per workspace: a retried send with the same id returns the original. */
export const clientMsgId = text()
  .min(8, 'At least 8 characters')
  .max(64, 'At most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, - and _ only');

/** One emoji (or short-code such as :thumbsup:), not free text. */
export const emoji = text()
  .min(1, 'Required')
  .max(32, 'At most 32 characters')
  .refine((s) => !/\s/.test(s), 'One emoji, without spaces')
  .refine((s) => /^:[a-z0-9_+-]{1,30}:$/.test(s) || /\p{Extended_Pictographic}/u.test(s), 'Not an emoji');

export const sendMessageInput = z.object({
  conversationId,
  clientMsgId,
  body: messageBody,
  parentId: messageId.optional(),
});
export const editMessageInput = z.object({ messageId, body: messageBody });
export const messageRef = z.object({ messageId });
export const reactInput = z.object({ messageId, emoji });
export const pinInput = z.object({ messageId, pinned: z.boolean() });

const pageCursor = {
  before: z.coerce.number().int().min(1).optional(),
  after: z.coerce.number().int().min(0).optional(),
  around: messageId.optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(50),
};
const oneCursor = {
  message: 'Use at most one of before, after and around',
  path: ['before'],
};
const atMostOne = (v: { before?: number; after?: number; around?: string }) =>
  [v.before, v.after, v.around].filter((x) => x !== undefined).length <= 1;
/** The replies of a thread: messageId names its root. */
export const threadInput = z.object({ messageId, ...pageCursor }).refine(atMostOne, oneCursor);
export const markNotificationsInput = z.object({
  /** The notifications to mark read; all of the caller's in this workspace when absent. */
  ids: z.array(uuidInput()).min(1).max(100).optional(),
});

/** The top level of a conversation (thread replies are under thread.replies). */
export const historyInput = z.object({ conversationId, ...pageCursor }).refine(atMostOne, oneCursor);

export const syncInput = z.object({
  conversations: z
    .array(
      z.object({
        conversationId,
        /** The highest message sequence the client holds. */
        lastSeq: z.number().int().min(0),
        /** The highest change revision the client holds (edits, deletes, reactions, pins). */
        lastRev: z.number().int().min(0).default(0),
      }),
    )
    .min(1, 'Name at least one conversation')
    .max(100, 'At most 100 conversations per call'),
  limit: z.number().int().min(1).max(PAGE_MAX).default(PAGE_MAX),
});

export const markReadInput = z.object({ conversationId, seq: z.number().int().min(0) });
export const pinsInput = z.object({ conversationId });

export const searchInput = z
  .object({
    query: text().trim().min(1, 'Required').max(200, 'At most 200 characters'),
    conversationId: conversationId.optional(),
    authorId: opaqueId(64).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    inThreads: z.boolean().optional(),
    limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(20),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'from is after to', path: ['from'] });

export const reactionOutput = z.object({
  emoji: z.string(),
  count: z.number().int(),
  userIds: z.array(z.string()),
});
export const messageOutput = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  seq: z.number().int(),
  rev: z.number().int(),
  clientMsgId: z.string(),
  authorId: z.string().nullable(),
  parentId: z.uuid().nullable(),
  depth: z.number().int(),
  /** Null once deleted (the tombstone keeps its place). */
  body: z.string().nullable(),
  /** True when the stored ciphertext failed authentication (tampering); body is then null. */
  undecryptable: z.boolean(),
  mentions: z.array(z.string()),
  mentionChannel: z.boolean(),
  mentionHere: z.boolean(),
  replyCount: z.number().int(),
  lastReplyAt: z.iso.datetime().nullable(),
  threadParticipants: z.array(z.string()),
  reactions: z.array(reactionOutput),
  pinnedAt: z.iso.datetime().nullable(),
  pinnedBy: z.string().nullable(),
  editedAt: z.iso.datetime().nullable(),
  deletedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type MessageOutput = z.infer<typeof messageOutput>;

export const sendOutput = z.object({
  message: messageOutput,
  /** True when this client id was already stored: the original comes back, nothing new is made. */
  duplicate: z.boolean(),
});
export const pageOutput = z.object({
  messages: z.array(messageOutput),
  hasMoreBefore: z.boolean(),
  hasMoreAfter: z.boolean(),
});
export const syncOutput = z.object({
  conversations: z.array(
    z.object({
      conversationId: z.uuid(),
      /** Messages after lastSeq, in sequence order. */
      messages: z.array(messageOutput),
      /** Messages at or below lastSeq changed after lastRev, in revision order. */
      changes: z.array(messageOutput),
      lastSeq: z.number().int(),
      lastRev: z.number().int(),
      /** Call again with lastSeq/lastRev above for the next page. */
      hasMore: z.boolean(),
      /** The caller can no longer read this conversation (left, removed, or never could): drop it. */
      gone: z.boolean(),
    }),
  ),
});
export const editHistoryOutput = z.array(
  z.object({ body: z.string(), editedBy: z.string().nullable(), replacedAt: z.iso.datetime() }),
);
export const receiptsOutput = z.object({
  seenBy: z.array(z.string()).nullable(),
  seenCount: z.number().int(),
});
export const readStateOutput = z.object({
  conversationId: z.uuid(),
  lastReadSeq: z.number().int(),
  unread: z.number().int(),
  mentions: z.number().int(),
});
export const searchOutput = z.array(messageOutput.extend({ conversationName: z.string().nullable() }));

export const notificationsInput = z.object({
  unreadOnly: z.boolean().default(false),
  limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(50),
});
export const notificationOutput = z.object({
  id: z.uuid(),
  kind: z.literal('mention'),
  conversationId: z.uuid(),
  messageId: z.uuid(),
  seq: z.number().int(),
  actorId: z.string().nullable(),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export const keyStatusOutput = z.array(
  z.object({
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    encryptions: z.number().int(),
    rotation: z
      .object({ total: z.number().int(), done: z.number().int(), finishedAt: z.iso.datetime().nullable() })
      .nullable(),
  }),
);
