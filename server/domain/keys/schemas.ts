import { z } from 'zod';

export const keyStatusOutput = z.array(
  z.object({
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    /** Encryptions done with this key since it was made (it is replaced after a limit). */
    encryptions: z.number().int(),
    /** Rows (messages, edits, notes) encrypted with this key now; 0 once a rotation moved them. */
    rows: z.number().int(),
    rotation: z
      .object({ total: z.number().int(), done: z.number().int(), finishedAt: z.iso.datetime().nullable() })
      .nullable(),
  }),
);
