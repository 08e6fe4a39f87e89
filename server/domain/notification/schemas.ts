import { z } from 'zod';
import { uuidInput } from '../../lib/text';
import { NOTIFICATION_KINDS } from '../../../shared/moderation';
import { PAGE_MAX } from '../message/schemas';

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
  seq: z.number().int(),
  actorId: z.string().nullable(),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
