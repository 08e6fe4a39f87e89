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

const count = z.number().int();
export const securityAnalyticsOutput = z.object({
  days: z.array(
    z.object({
      day,
      detector: count,
      filter: count,
      domain: count,
      markup: count,
      /** Sends refused by the messages-per-minute limit (one per offence). */
      limit: count,
      /** Of all of the day's hits, those whose rule blocked the text. */
      blocked: count,
      failedSignIns: count,
    }),
  ),
  topFlagged: z.array(z.object({ userId: z.string(), name: z.string(), hits: count })),
  timeline: z.array(
    z.object({
      at: z.string(),
      kind: z.enum(['lockdown', 'quarantine']),
      text: z.string(),
      endsAt: z.string(),
    }),
  ),
  totals: z.object({
    hits: count,
    blocked: count,
    rateLimited: count,
    failedSignIns: count,
    lockdowns: count,
    quarantines: count,
  }),
});
