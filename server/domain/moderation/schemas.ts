import { z } from 'zod';
import {
  DECISIONS,
  REPORT_NOTE_MAX,
  REPORT_REASONS,
  REVIEW_CAUSES,
  REVIEW_STATUSES,
} from '../../../shared/moderation';
import { MAX_LOCKDOWN_MINUTES } from '../../../shared/lockdown';
import { opaqueId, singleLine, uuidInput } from '../../lib/text';

const note = singleLine(0, REPORT_NOTE_MAX).optional();

export const reportInput = z.object({
  messageId: uuidInput(),
  reason: z.enum(REPORT_REASONS, 'Spam, harassment, sensitive or other'),
  note,
});
export const reportOutput = z.object({ reviewId: z.uuid(), reported: z.literal(true) });

export const queueInput = z.object({
  /** Open reviews (oldest first), or the decided ones (newest decision first). */
  status: z.enum(['open', 'decided']).default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const decideInput = z
  .object({
    reviewId: uuidInput(),
    decision: z.enum(DECISIONS, 'Approve, delete, warn or quarantine'),
    /** Told to the author with a warning; kept with every decision. */
    note,
    /** How long a quarantine lasts. */
    minutes: z.number().int().min(1).max(MAX_LOCKDOWN_MINUTES).optional(),
  })
  .refine((d) => d.decision !== 'warn' || (d.note ?? '').length > 0, {
    path: ['note'],
    message: 'Say what the warning is about',
  })
  .refine((d) => d.decision !== 'quarantine' || d.minutes !== undefined, {
    path: ['minutes'],
    message: 'Say how long the quarantine lasts',
  });

export const trustInput = z.object({ userId: opaqueId(64) });
/** A person's standing in this workspace, 0 (none) to 100 (staff), and what it is made of. */
export const trustOutput = z.object({
  userId: z.string(),
  score: z.number().int().min(0).max(100),
  factors: z.object({
    /** Days since the account was made. */
    accountDays: z.number().int(),
    /** Their messages here (counted up to a cap). */
    messages: z.number().int(),
    /** Policy hits on their texts in the last 30 days. */
    recentHits: z.number().int(),
    /** Reviews of their messages that ended against them (deleted, warned, quarantined) in 90 days. */
    upheld: z.number().int(),
    /** Moderators, admins and owners are trusted; widget visitors start lower. */
    kind: z.enum(['staff', 'member', 'visitor']),
  }),
});
export type Trust = z.infer<typeof trustOutput>;

const person = z.object({ id: z.string(), name: z.string() });

export const reviewItem = z.object({
  id: z.uuid(),
  status: z.enum(REVIEW_STATUSES),
  causes: z.array(z.enum(REVIEW_CAUSES)),
  /** The message's threat score when it was sent (0: nothing the policy caught). */
  score: z.number().int(),
  message: z.object({
    /** null while held (not posted), and for a held message that was not approved. */
    id: z.uuid().nullable(),
    /** Held by the policy (threat.hold): nobody but moderators has seen it; approving posts it. */
    held: z.boolean(),
    conversationId: z.uuid(),
    /** "#general", or "a direct message" for conversations without a name. */
    where: z.string(),
    seq: z.number().int(),
    /** null once deleted (or a held message discarded). */
    body: z.string().nullable(),
    deleted: z.boolean(),
    createdAt: z.iso.datetime(),
  }),
  author: person.extend({ trust: z.number().int() }),
  /** The rules that matched (never the matched text): source, rule and action, and in words. */
  hits: z.array(z.object({ source: z.string(), rule: z.string(), action: z.string(), label: z.string() })),
  reports: z.array(
    z.object({
      reason: z.enum(REPORT_REASONS),
      note: z.string().nullable(),
      reporter: person,
      createdAt: z.iso.datetime(),
    }),
  ),
  decision: z
    .object({
      status: z.enum(REVIEW_STATUSES),
      by: person,
      at: z.iso.datetime(),
      note: z.string().nullable(),
    })
    .nullable(),
  createdAt: z.iso.datetime(),
});
export type ReviewItem = z.infer<typeof reviewItem>;
export const queueOutput = z.object({ items: z.array(reviewItem), open: z.number().int() });

export const decideOutput = z.object({ review: reviewItem, notified: z.number().int() });
