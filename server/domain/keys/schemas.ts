import { z } from 'zod';

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
