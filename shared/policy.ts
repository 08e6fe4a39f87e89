/**
 * The security policy's vocabulary, shared by the server (which decides) and the console and
 * composer (which show and warn). The policy itself is validated in server/domain/policy/schemas.ts.
 */
import type { DetectorId } from './dlp';

/** The built-in detectors (shared/dlp/). */
export { DETECTORS, type DetectorId } from './dlp';

/** What a detector or filter does with a match: nothing, mark the message, mask the match, refuse. */
export const POLICY_ACTIONS = ['off', 'flag', 'redact', 'block'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const DETECTOR_LABELS: Record<DetectorId, string> = {
  card: 'Payment card numbers',
  ssn: 'US social security numbers',
  iban: 'Bank account numbers (IBAN)',
  secret: 'Secrets and credentials',
  email: 'Email addresses',
  phone: 'Phone numbers',
};

/** The stronger of two actions wins when several rules match one text. */
export const actionRank = (a: PolicyAction) => POLICY_ACTIONS.indexOf(a);
export const strongest = (actions: Iterable<PolicyAction>): PolicyAction => {
  let best: PolicyAction = 'off';
  for (const a of actions) if (actionRank(a) > actionRank(best)) best = a;
  return best;
};

export const POLICY_LIMITS = {
  filters: 20,
  patternLength: 500,
  filterName: 60,
  blockedDomains: 200,
  domainLength: 253,
  /** Bytes: the message limit of shared/limits.ts stays the ceiling. */
  maxMessageLengthMin: 1,
} as const;
