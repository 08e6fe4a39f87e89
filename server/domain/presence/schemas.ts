import { z } from 'zod';
import { text } from '../../lib/text';

export const presenceStatus = z.enum(['online', 'away', 'dnd', 'offline']);
export type PresenceStatus = z.infer<typeof presenceStatus>;

/** A custom status may last at most this long; the timer that clears it stays within Node's range. */
export const MAX_PRESENCE_TTL_MS = 14 * 24 * 3600_000;

export const presenceSetInput = z
  .object({
    status: presenceStatus,
    // Shown to everyone who shares a workspace: plain text, no control characters.
    text: text()
      .trim()
      .max(100)
      .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
      .optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.expiresAt === undefined) return;
    const ms = Date.parse(v.expiresAt) - Date.now();
    if (ms <= 0) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be in the future' });
    else if (ms > MAX_PRESENCE_TTL_MS)
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be within 14 days' });
  });
export type PresenceSetInput = z.output<typeof presenceSetInput>;

/** What others see of a user's presence (the `presence` socket event and the ack of `presence:set`). */
export interface PresenceView {
  userId: string;
  status: PresenceStatus;
  text: string | null;
}
