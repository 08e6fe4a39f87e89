import { z } from 'zod';
import { opaqueId } from '../../lib/text';

export const listAuditInput = z.object({
  action: opaqueId(64).optional(),
  actorId: opaqueId(64).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Sequence to continue below (pages go newest first). */
  // Bounded by PostgreSQL's bigint: a larger value would reach the database and fail there.
  cursor: z.coerce.bigint().positive().max(9_223_372_036_854_775_807n).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const auditEntryOutput = z.object({
  seq: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  data: z.unknown(),
  createdAt: z.iso.datetime(),
  hash: z.string(),
});
export const auditPageOutput = z.object({
  items: z.array(auditEntryOutput),
  nextCursor: z.string().nullable(),
});

export const verifyOutput = z.object({
  ok: z.boolean(),
  /** Entries checked. */
  checked: z.number(),
  /** The first sequence number at which the chain does not hold, when it does not. */
  brokenAt: z.string().nullable(),
  reason: z.string().nullable(),
  checkpoint: z.object({ seq: z.string(), createdAt: z.iso.datetime() }).nullable(),
});
