import { z } from 'zod';
import { conversationId, messageId, messageOutput, PAGE_MAX } from '../message/schemas';

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

export const pinsInput = z.object({ conversationId });

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
