import { z } from 'zod';
import { opaqueId, singleLine, text, uuidInput } from '../../lib/text';
import { messageBody } from '../message/schemas';

const conversationId = uuidInput();

/** Which conversations the inbox shows. Open ones are split by assignee; snoozed and closed apart. */
export const inboxFilters = ['mine', 'unassigned', 'all', 'snoozed', 'closed'] as const;
export const inboxListInput = z.object({ filter: z.enum(inboxFilters).default('all') });
export const inboxRef = z.object({ conversationId });

export const supportStatus = z.enum(['open', 'snoozed', 'closed']);
export type SupportStatus = z.infer<typeof supportStatus>;

// A snooze ends between five minutes and ninety days from now.
const MIN_SNOOZE_MS = 5 * 60_000;
const MAX_SNOOZE_MS = 90 * 86_400_000;
export const setStatusInput = z
  .object({
    conversationId,
    status: supportStatus,
    snoozedUntil: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((v, c) => {
    if (v.status !== 'snoozed') {
      if (v.snoozedUntil !== undefined)
        c.addIssue({ code: 'custom', path: ['snoozedUntil'], message: 'Only a snooze has an end' });
      return;
    }
    if (v.snoozedUntil === undefined) {
      c.addIssue({ code: 'custom', path: ['snoozedUntil'], message: 'Say until when to snooze' });
      return;
    }
    const ms = Date.parse(v.snoozedUntil) - Date.now();
    if (ms < MIN_SNOOZE_MS || ms > MAX_SNOOZE_MS)
      c.addIssue({
        code: 'custom',
        path: ['snoozedUntil'],
        message: 'Snooze for at least five minutes and at most ninety days',
      });
  });
/** userId null unassigns. */
export const assignInput = z.object({ conversationId, userId: opaqueId(64).nullable() });

export const addNoteInput = z.object({ conversationId, body: messageBody });
export const noteOutput = z.object({
  id: z.uuid(),
  authorId: z.string().nullable(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
});

const person = z.object({ userId: z.string(), name: z.string() });

export const inboxItemOutput = z.object({
  conversationId: z.uuid(),
  title: z.string(),
  visitor: person.extend({ anonymous: z.boolean() }),
  subject: z.object({ type: z.string(), id: z.string() }),
  /** As the team sees it now: a visitor message after a snooze or close reopens it. */
  status: supportStatus,
  snoozedUntil: z.iso.datetime().nullable(),
  assignee: person.nullable(),
  /** The latest top-level message, its text cut to a preview; null before the first. */
  last: z
    .object({
      authorId: z.string().nullable(),
      fromVisitor: z.boolean(),
      preview: z.string(),
      at: z.iso.datetime(),
    })
    .nullable(),
  /** The first visitor message nobody from the team has answered yet; null when nobody waits. */
  waitingSince: z.iso.datetime().nullable(),
  joined: z.boolean(),
  unread: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type InboxItem = z.infer<typeof inboxItemOutput>;

export const inboxCountsOutput = z.object({
  mine: z.number().int(),
  unassigned: z.number().int(),
  all: z.number().int(),
  snoozed: z.number().int(),
  closed: z.number().int(),
  /** Open conversations whose visitor waits for a reply (the tab title's count). */
  waiting: z.number().int(),
});

export const inboxDetailOutput = inboxItemOutput.extend({
  visitor: person.extend({
    anonymous: z.boolean(),
    email: z.string().nullable(),
    /** The host's user id for a signed visitor; null for an anonymous one. */
    externalId: z.string().nullable(),
    firstSeen: z.iso.datetime(),
  }),
  pageUrl: z.string().nullable(),
  hostOrigin: z.string().nullable(),
  /** The visitor's other conversations, newest first. */
  earlier: z.array(
    z.object({
      conversationId: z.uuid(),
      title: z.string(),
      status: supportStatus,
      createdAt: z.iso.datetime(),
    }),
  ),
});

export const cannedTitle = singleLine(1, 80);
export const cannedReplyOutput = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  updatedAt: z.iso.datetime(),
});
export const saveCannedInput = z.object({
  /** Omitted: a new canned reply. */
  id: uuidInput().optional(),
  title: cannedTitle,
  body: messageBody,
});
export const cannedRef = z.object({ id: uuidInput() });

/** The page a visitor opened the widget on: an http(s) URL, kept short. */
export const pageUrl = text()
  .max(2048)
  .refine((s) => /^https?:\/\/[^\s]+$/i.test(s), 'An http or https URL');
