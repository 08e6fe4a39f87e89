import { z } from 'zod';
import {
  AUDIT_RETENTION,
  EXPORT_FORMATS,
  EXPORT_STATUSES,
  HOLD_REASON_MAX,
  HOLD_SCOPES,
  RETENTION_DAYS,
} from '../../../shared/retention';
import { opaqueId, singleLine, uuidInput } from '../../lib/text';

const days = z
  .number()
  .int('A whole number of days')
  .min(RETENTION_DAYS.min, `At least ${RETENTION_DAYS.min} day`)
  .max(RETENTION_DAYS.max, `At most ${RETENTION_DAYS.max} days`);

/** The workspace's rule: keep messages for a number of days, or for ever (no rule). */
export const setRetentionInput = z.object({ messageDays: days.nullable() });

/**
 * A channel's own rule: a number of days, for ever (null), or none of its own ('inherit': the
 * workspace's rule applies).
 */
export const setChannelRetentionInput = z.object({
  conversationId: uuidInput(),
  messageDays: z.union([days, z.null(), z.literal('inherit')]),
});

const person = z.object({ id: z.string(), name: z.string() });

/** The audit log's retention: a number of days (at least a year), or null for the default. */
export const setAuditRetentionInput = z.object({
  days: z
    .number()
    .int('A whole number of days')
    .min(
      AUDIT_RETENTION.min,
      `At least ${AUDIT_RETENTION.min} days: audit evidence is kept for a year or more`,
    )
    .max(AUDIT_RETENTION.max, `At most ${AUDIT_RETENTION.max} days`)
    .nullable(),
});

export const retentionRunView = z.object({
  id: z.uuid(),
  asOf: z.iso.datetime(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  status: z.enum(['running', 'done', 'failed']),
  /** Expired when the run started; deleted so far; expired but kept by a legal hold. */
  expired: z.number().int(),
  deleted: z.number().int(),
  held: z.number().int(),
  error: z.string().nullable(),
});

export const retentionOutput = z.object({
  /** Days the workspace keeps messages; null: for ever. */
  messageDays: z.number().int().nullable(),
  setBy: person.nullable(),
  setAt: z.iso.datetime().nullable(),
  /** Channels with a rule of their own (messageDays null: kept for ever there). */
  channels: z.array(
    z.object({
      conversationId: z.uuid(),
      name: z.string(),
      messageDays: z.number().int().nullable(),
      setBy: person,
      setAt: z.iso.datetime(),
    }),
  ),
  /** The newest runs of the sweep, newest first. */
  runs: z.array(retentionRunView),
  /** The audit log's retention, and where pruning has reached (null: nothing pruned yet). */
  audit: z.object({
    days: z.number().int(),
    /** Whether that is the default (seven years) rather than the owner's choice. */
    isDefault: z.boolean(),
    prunedBefore: z
      .object({
        seq: z.string(),
        cutoff: z.iso.datetime(),
        prunedAt: z.iso.datetime(),
        removed: z.number().int(),
      })
      .nullable(),
  }),
  /** When the hourly sweep next looks at this workspace (roughly: it runs on whichever node is free). */
  sweepEverySeconds: z.number().int(),
});

export const placeHoldInput = z
  .object({
    scope: z.enum(HOLD_SCOPES, 'The workspace, a conversation or a person'),
    conversationId: uuidInput().optional(),
    userId: opaqueId(64).optional(),
    reason: singleLine(1, HOLD_REASON_MAX),
  })
  .refine((h) => h.scope !== 'conversation' || h.conversationId !== undefined, {
    path: ['conversationId'],
    message: 'Choose the conversation to hold',
  })
  .refine((h) => h.scope !== 'person' || h.userId !== undefined, {
    path: ['userId'],
    message: 'Choose the person whose messages to hold',
  })
  .refine((h) => h.scope === 'conversation' || h.conversationId === undefined, {
    path: ['conversationId'],
    message: 'Only a conversation hold names a conversation',
  })
  .refine((h) => h.scope === 'person' || h.userId === undefined, {
    path: ['userId'],
    message: 'Only a person hold names a person',
  });

export const releaseHoldInput = z.object({ holdId: uuidInput() });

export const holdView = z.object({
  id: z.uuid(),
  scope: z.enum(HOLD_SCOPES),
  /** What it covers, in words: "the whole workspace", "#legal", "Ann Example's messages". */
  covers: z.string(),
  conversationId: z.uuid().nullable(),
  userId: z.string().nullable(),
  reason: z.string(),
  placedBy: person,
  placedAt: z.iso.datetime(),
  releasedBy: person.nullable(),
  releasedAt: z.iso.datetime().nullable(),
});

export const holdsInput = z.object({
  /** Active holds only (default), or the released ones too (newest first). */
  released: z.boolean().default(false),
});

const isoDate = z.iso.date('A date as YYYY-MM-DD');

export const createExportInput = z
  .object({
    /** The first and last day of messages to include (UTC, both included); open-ended when absent. */
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** Only these conversations; every one when absent. */
    conversationIds: z.array(uuidInput()).min(1).max(500).optional(),
    includeDeleted: z.boolean().default(false),
    formats: z
      .array(z.enum(EXPORT_FORMATS))
      .min(1, 'Choose at least one format')
      .transform((f) => [...new Set(f)]),
  })
  .refine((e) => !e.from || !e.to || e.from <= e.to, {
    path: ['to'],
    message: 'The end is before the start',
  });

export const exportView = z.object({
  id: z.uuid(),
  status: z.enum(EXPORT_STATUSES),
  requestedBy: person,
  options: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    conversationIds: z.array(z.string()).nullable(),
    includeDeleted: z.boolean(),
    formats: z.array(z.enum(EXPORT_FORMATS)),
  }),
  done: z.number().int(),
  total: z.number().int(),
  bytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  /** Rows per table in the export. */
  counts: z.record(z.string(), z.number().int()).nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  /** Where the requester downloads it (null for anyone else, and once it has expired). */
  downloadPath: z.string().nullable(),
});
