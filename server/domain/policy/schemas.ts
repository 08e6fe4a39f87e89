import { z } from 'zod';
import { MAX_LOCKDOWN_MINUTES } from '../../../shared/lockdown';
import { MAX_BODY_BYTES } from '../../../shared/message-body';
import {
  DETECTORS,
  POLICY_ACTIONS,
  POLICY_LIMITS as L,
  RATE_TIERS,
  THRESHOLD_ORDER,
  type DetectorId,
  type PolicyAction,
  type RateTier,
} from '../../../shared/policy';
import { singleLine, text, uuidInput } from '../../lib/text';

const action = z.enum(POLICY_ACTIONS, 'Off, flag, redact or block');
/** Markup is rendered as text whatever the policy says: the detector can only record or flag it. */
const markupAction = z.enum(['off', 'flag'], 'Off or flag');

/** A new workspace masks card numbers, SSNs and secrets, flags IBANs, and leaves contact details alone. */
export const DEFAULT_DETECTORS: Record<DetectorId, PolicyAction> = {
  card: 'redact',
  ssn: 'redact',
  iban: 'flag',
  secret: 'redact',
  email: 'off',
  phone: 'off',
};
export const DEFAULT_LIMITS = {
  messagesPerMinute: 60,
  newAccountMessagesPerMinute: 10,
  newAccountDays: 3,
  maxMessageBytes: MAX_BODY_BYTES,
  tier: 'standard' as RateTier,
};
export const DEFAULT_THREAT = {
  holdAt: 70,
  quarantineAt: 95,
  quarantineMinutes: 60,
  hold: false,
  quarantineHolds: false,
};

const detectorsShape = Object.fromEntries(DETECTORS.map((d) => [d, action])) as Record<
  DetectorId,
  typeof action
>;
const detectors = z.object(detectorsShape);

export const filterSchema = z.object({
  id: uuidInput(),
  name: singleLine(1, L.filterName),
  pattern: text().min(1, 'Required').max(L.patternLength, `At most ${L.patternLength} characters`),
  caseSensitive: z.boolean(),
  action,
});
const domain = text().trim().toLowerCase().min(1).max(L.domainLength);
const limits = z.object({
  messagesPerMinute: z.number().int().min(L.perMinute.min).max(L.perMinute.max),
  newAccountMessagesPerMinute: z.number().int().min(L.perMinute.min).max(L.perMinute.max),
  newAccountDays: z.number().int().min(L.newAccountDays.min).max(L.newAccountDays.max),
  maxMessageBytes: z.number().int().min(L.maxMessageLengthMin).max(MAX_BODY_BYTES),
  /** The workspace's API budget (server/lib/rate-limit.ts); a policy saved before tiers is standard. */
  tier: z.enum(RATE_TIERS).default('standard'),
});
/** Threat scores (0..100, server/domain/moderation/score.ts): review from holdAt, quarantine from quarantineAt. */
const threat = z.object({
  holdAt: z.number().int().min(1).max(100),
  quarantineAt: z.number().int().min(1).max(100),
  /** How long an automatic quarantine lasts. */
  quarantineMinutes: z
    .number()
    .int()
    .min(1)
    .max(MAX_LOCKDOWN_MINUTES, `At most ${MAX_LOCKDOWN_MINUTES} minutes (a week)`)
    .default(DEFAULT_THREAT.quarantineMinutes),
  /** Hold what would be queued (flagged, or scoring holdAt) until a moderator approves it, instead of posting it. */
  hold: z.boolean().default(false),
  /**
   * A quarantine lets its member read on and holds everything they send for a moderator, instead
   * of refusing them the workspace. Each quarantine keeps the choice it started with.
   */
  quarantineHolds: z.boolean().default(false),
});

const editable = {
  detectors,
  filters: z.array(filterSchema).max(L.filters, `At most ${L.filters} filters`),
  blockedDomains: z.object({
    domains: z.array(domain).max(L.blockedDomains, `At most ${L.blockedDomains} domains`),
    action,
  }),
  markup: markupAction,
  limits,
  threat,
};

/** The policy as stored in workspace.settings.security: what a field lacks falls back to its default. */
export const policySchema = z.object({
  version: z.number().int().min(0).catch(0).default(0),
  updatedAt: z.iso.datetime().nullable().catch(null).default(null),
  updatedBy: z.string().nullable().catch(null).default(null),
  detectors: z
    .object(
      Object.fromEntries(
        DETECTORS.map((d) => [d, action.catch(DEFAULT_DETECTORS[d]).default(DEFAULT_DETECTORS[d])]),
      ) as Record<DetectorId, z.ZodDefault<z.ZodCatch<typeof action>>>,
    )
    .catch(DEFAULT_DETECTORS)
    .default(DEFAULT_DETECTORS),
  filters: editable.filters.catch([]).default([]),
  blockedDomains: editable.blockedDomains
    .catch({ domains: [], action: 'block' })
    .default({ domains: [], action: 'block' }),
  markup: markupAction.catch('flag').default('flag'),
  limits: limits.catch(DEFAULT_LIMITS).default(DEFAULT_LIMITS),
  threat: threat.catch(DEFAULT_THREAT).default(DEFAULT_THREAT),
});
export type SecurityPolicy = z.infer<typeof policySchema>;
export const defaultPolicy = (): SecurityPolicy => policySchema.parse({});

/**
 * A whole new policy (the console saves the form as one). `expectedVersion` makes two admins'
 * saves not silently overwrite each other. Patterns are checked further in the service (recheck).
 */
export const setPolicyInput = z
  .object({ ...editable, expectedVersion: z.number().int().min(0) })
  .refine((p) => p.threat.quarantineAt > p.threat.holdAt, {
    path: ['threat', 'quarantineAt'],
    message: THRESHOLD_ORDER,
  })
  .refine((p) => new Set(p.filters.map((f) => f.id)).size === p.filters.length, {
    path: ['filters'],
    message: 'Two filters have the same id',
  });

export const policyOutput = z.object({
  version: z.number().int(),
  updatedAt: z.iso.datetime().nullable(),
  updatedBy: z.string().nullable(),
  ...editable,
});
export type PolicyOutput = z.infer<typeof policyOutput>;

/**
 * What the composer needs to warn before sending: the built-in detectors' actions. Filter patterns
 * and blocked domains stay with admins (a pattern may name what it protects); the server decides.
 */
export const composerRulesOutput = z.object({
  version: z.number().int(),
  detectors,
});
