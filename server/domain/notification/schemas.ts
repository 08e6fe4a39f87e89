import { z } from 'zod';
import { uuidInput } from '../../lib/text';
import { NOTIFICATION_KINDS } from '../../../shared/moderation';
import { PAGE_MAX } from '../message/schemas';
import { EMAIL_CATEGORIES, EMAIL_FREQUENCIES, isTimeZone, LEVELS } from '../../../shared/notification-prefs';

export const markNotificationsInput = z.object({
  /** The notifications to mark read; all of the caller's in this workspace when absent. */
  ids: z.array(uuidInput()).min(1).max(100).optional(),
});

export const notificationsInput = z.object({
  unreadOnly: z.boolean().default(false),
  limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(50),
});
export const notificationOutput = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** What a notification that is not a mention says (a report's outcome, a moderator's warning). */
  detail: z.string().nullable(),
  conversationId: z.uuid(),
  /** Null when there is no message to point at (a held message that was not posted). */
  messageId: z.uuid().nullable(),
  /** The file it is about (a file shared with the person): its page is where it links. */
  fileId: z.uuid().nullable(),
  seq: z.number().int(),
  actorId: z.string().nullable(),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

const level = z.enum(LEVELS);
const quietHours = z
  .object({ start: z.number().int().min(0).max(1439), end: z.number().int().min(0).max(1439) })
  .refine((q) => q.start !== q.end, { message: 'Quiet hours must start and end at different times' });

export const notificationPrefs = z.object({
  levels: z.object({ channel: level, direct: level, subject: level }),
  email: z.enum(EMAIL_FREQUENCIES),
  emailOff: z.array(z.enum(EMAIL_CATEGORIES)),
  push: z.boolean(),
  quietHours: quietHours.nullable(),
  timeZone: z.string(),
});
export type NotificationPrefs = z.infer<typeof notificationPrefs>;

/** A change to some of the caller's preferences; what is left out stays. */
export const updatePrefsInput = z.object({
  levels: z
    .strictObject({ channel: level, direct: level, subject: level })
    .partial()
    .refine((l) => Object.keys(l).length > 0, { message: 'Name at least one kind of conversation' })
    .optional(),
  email: z.enum(EMAIL_FREQUENCIES).optional(),
  emailOff: z
    .array(z.enum(EMAIL_CATEGORIES))
    .max(EMAIL_CATEGORIES.length)
    .transform((a) => [...new Set(a)])
    .optional(),
  push: z.boolean().optional(),
  quietHours: quietHours.nullable().optional(),
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZone, { message: 'Unknown time zone (use a name such as Europe/Berlin)' })
    .optional(),
});

export const conversationPrefInput = z.object({
  conversationId: uuidInput(),
  /** Null: follow the level for this kind of conversation. */
  level: level.nullable(),
  /** Null: not muted. A time in the past unmutes too. */
  mutedUntil: z.iso.datetime({ offset: true }).nullable(),
});
export const conversationPrefOutput = z.object({
  conversationId: z.uuid(),
  level: level.nullable(),
  mutedUntil: z.iso.datetime().nullable(),
});
