import { z } from 'zod';
import { opaqueId } from '../../lib/text';

export const listAuditInput = z.object({
  action: opaqueId(64).optional(),
  actorId: opaqueId(64).optional(),
  /** Leaves out sign-ins and failed sign-ins (shared/audit-actions.ts SIGN_IN_ACTIONS). */
  hideSignIns: z.boolean().default(false),
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
  /** Entries below this sequence number were pruned by audit retention; the walk starts there. */
  prunedBefore: z.string().nullable(),
  /** The first sequence number at which the chain does not hold, when it does not. */
  brokenAt: z.string().nullable(),
  reason: z.string().nullable(),
  /** The newest signed checkpoint in the database, and how old it is. */
  checkpoint: z
    .object({ seq: z.string(), createdAt: z.iso.datetime(), ageSeconds: z.number().int().min(0) })
    .nullable(),
  /** The copy of the checkpoints kept outside the database (null: none was consulted). */
  copy: z
    .object({
      kind: z.enum(['file', 'url']),
      /** False when it could not be read: the log was then checked against the database alone. */
      consulted: z.boolean(),
      /** Every checkpoint in the copy is in the database, the same, and the chain reaches it. */
      agrees: z.boolean().nullable(),
      checkpoints: z.number().int().min(0),
      newestSeq: z.string().nullable(),
    })
    .nullable(),
  /** What the check could not prove, in plain words (e.g. a checkpoint older than two intervals). */
  warnings: z.array(z.string()),
});
