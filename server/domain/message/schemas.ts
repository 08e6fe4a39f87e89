import { z } from 'zod';
import { withBodyRules } from '../../../shared/schemas';
import { isReactionEmoji } from '../../../shared/emoji';
import { CORRECTION_REASON_MAX } from '../../../shared/limits';
import { singleLine, text, uuidInput } from '../../lib/text';
import { fileIdsInput, fileOutput } from '../attachment/schemas';
import { MEMBERSHIP_EVENTS } from '../../../shared/membership-events';

export const PAGE_MAX = 100;

/** Non-blank, at most 16 KB of UTF-8, no control characters but newlines and tabs (shared/message-body.ts). */
export const messageBody = withBodyRules(text());

/** Ids in inputs, lower-cased once here. */
export const conversationId = uuidInput();
export const messageId = uuidInput();
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
  .refine(isReactionEmoji, 'Not an emoji');

/** A send's fields; its text may be empty only when it carries files (`withContent`). */
export const sendMessageFields = z.object({
  conversationId,
  clientMsgId,
  body: z.union([z.literal(''), messageBody]).default(''),
  parentId: messageId.optional(),
  fileIds: fileIdsInput.default([]),
});
export const withContent = <T extends z.ZodType<{ body: string; fileIds: string[] }>>(schema: T) =>
  schema.refine((m) => m.body !== '' || m.fileIds.length > 0, {
    message: 'Write a message or attach a file',
    path: ['body'],
  });
export const sendMessageInput = withContent(sendMessageFields);
/** An edit may empty the text of a message that carries files (the service checks it does). */
export const editMessageInput = z.object({ messageId, body: z.union([z.literal(''), messageBody]) });
/** An admin's correction of someone else's message: the new text, and why (kept with the old one). */
export const correctMessageInput = z.object({
  messageId,
  body: messageBody,
  reason: singleLine(1, CORRECTION_REASON_MAX),
});
export const messageRef = z.object({ messageId });
export const reactInput = z.object({ messageId, emoji });
export const pinInput = z.object({ messageId, pinned: z.boolean() });

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
  /** Set when the current text is an admin's correction ("corrected by an admin"), not the author's. */
  correctedAt: z.iso.datetime().nullable(),
  deletedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** The files it carries, in the order sent (none once deleted). */
  files: z.array(fileOutput),
  /** A system message (no body): who joined, left, was added or removed; its author is who acted. */
  event: z.object({ type: z.enum(MEMBERSHIP_EVENTS), userId: z.string() }).nullable(),
});
export type MessageOutput = z.infer<typeof messageOutput>;

export const sendOutput = z.object({
  message: messageOutput,
  /** True when this client id was already stored: the original comes back, nothing new is made. */
  duplicate: z.boolean(),
  /** What the workspace's security policy did to the text ("Sent with … masked"), or null. */
  notice: z.string().nullable(),
});
export const editHistoryOutput = z.array(
  z.object({
    body: z.string(),
    /** Who replaced this text: its author (an edit) or an admin (a correction). */
    editedBy: z.string().nullable(),
    kind: z.enum(['edit', 'correction']),
    /** The admin's reason for a correction; null for an edit. */
    reason: z.string().nullable(),
    replacedAt: z.iso.datetime(),
  }),
);
