import { z } from 'zod';
import { LOCKDOWN_MODES } from '../../../shared/lockdown';

/** A workspace's health report: what an admin checks first when people say chat is broken. */
export const healthOutput = z.object({
  status: z.enum(['ok', 'degraded']),
  /** Plain sentences, one per thing that is wrong; empty when status is ok. */
  problems: z.array(z.string()),
  checkedAt: z.string(),
  messaging: z.object({ database: z.enum(['ok', 'slow']), databaseMs: z.number() }),
  sockets: z.object({
    total: z.number().int(),
    nodes: z.array(z.object({ node: z.string(), sockets: z.number().int() })),
    /** False when only the answering node's sockets could be counted. */
    everyNode: z.boolean(),
  }),
  redis: z.object({ mode: z.enum(['single-node', 'cluster']), connected: z.boolean() }),
  jobs: z.object({ running: z.boolean(), queued: z.number().int().nullable() }),
  audit: z.object({
    headSeq: z.string(),
    checkpointAgeSeconds: z.number().int().nullable(),
    intervalSeconds: z.number().int(),
  }),
  policy: z.object({ version: z.number().int() }),
  /** The lockdown in force, if any. */
  lockdown: z.object({ mode: z.enum(LOCKDOWN_MODES), endsAt: z.string() }).nullable(),
});
export type Health = z.infer<typeof healthOutput>;
