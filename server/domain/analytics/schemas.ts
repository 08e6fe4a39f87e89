import { z } from 'zod';

const day = z.iso.date();
const MAX_DAYS = 366;

/** A range of whole days (UTC), both ends included. */
export const analyticsInput = z
  .object({ from: day, to: day })
  .refine((v) => v.from <= v.to, { message: 'from is after to', path: ['from'] })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 < MAX_DAYS, {
    message: `At most ${MAX_DAYS} days`,
    path: ['to'],
  });
export const analyticsOutput = z.object({
  days: z.array(z.object({ day: day, messages: z.number().int(), activeUsers: z.number().int() })),
  busiestChannels: z.array(
    z.object({ conversationId: z.uuid(), name: z.string(), messages: z.number().int() }),
  ),
  totals: z.object({ messages: z.number().int(), activeUsers: z.number().int() }),
});
