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
  /** Messages per minute per person, for everyone and for new accounts and visitors. */
  perMinute: { min: 1, max: 1000 },
  /** How long an account counts as new, in days (0: none does). */
  newAccountDays: { min: 0, max: 90 },
} as const;

/**
 * A workspace's rate-limit tier: its API budget is the deployment's per-workspace budget times the
 * factor. Raising it never takes from another workspace (each has its own budget).
 */
export const RATE_TIERS = ['standard', 'raised', 'high'] as const;
export type RateTier = (typeof RATE_TIERS)[number];
export const RATE_TIER_FACTOR: Record<RateTier, number> = { standard: 1, raised: 2, high: 4 };
export const RATE_TIER_LABELS: Record<RateTier, string> = {
  standard: 'Standard (the deployment’s budget)',
  raised: 'Raised (twice the budget)',
  high: 'High (four times the budget)',
};

/** Threat thresholds in the wrong order: the server's words, which the console shows before saving. */
export const THRESHOLD_ORDER = 'Quarantine must start above the review threshold';

/** "a, b and c". */
export const listInWords = (xs: readonly string[]): string =>
  xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

/** The sentences the sender reads: the server's answer, and the composer's warning before it. */
export const policyWords = {
  refused: (what: readonly string[]) =>
    `Not sent: this workspace does not allow ${listInWords(what)} in messages.`,
  /** For a field (a channel's topic): "… does not allow payment card numbers in channel topics." */
  refusedIn: (what: readonly string[], where: string) =>
    `Not saved: this workspace does not allow ${listInWords(what)} in ${where}.`,
  /** A send over the policy's messages per minute (the client tries again by itself after the wait). */
  tooFast: (perMinute: number, newAccount: boolean, retryAfterSeconds: number) =>
    `Slow down: this workspace allows ${perMinute} message${perMinute === 1 ? '' : 's'} a minute${
      newAccount ? ' from new accounts and visitors' : ''
    }. Try again in ${retryAfterSeconds} s.`,
  /** For what every workspace of a person shows (their display name): names the workspace that refuses. */
  refusedByWorkspace: (workspace: string, what: readonly string[], where: string) =>
    `Not saved: the workspace “${workspace}” does not allow ${listInWords(what)} in ${where}.`,
  nameRefusedToJoin: (workspace: string, what: readonly string[]) =>
    `The workspace “${workspace}” does not allow ${listInWords(what)} in display names. Change your name on your account page, then open the invitation again.`,
  /** A send the policy holds until a moderator approves it. */
  held: 'Waiting for review: a moderator of this workspace looks at this message before anyone else sees it.',
  masked: (what: readonly string[]) => `Sent with ${listInWords(what)} masked, as this workspace requires.`,
  willRefuse: (what: readonly string[]) =>
    `This workspace does not allow ${listInWords(what)} in messages: remove it to send.`,
  willMask: (what: readonly string[]) =>
    `${capitalise(listInWords(what))} will be masked when sent, as this workspace requires.`,
};
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The detectors' names in a sentence ("payment card numbers"). */
export const detectorInWords = (d: DetectorId) =>
  // "Payment card numbers" → "payment card numbers"; "US social…" keeps its capitals.
  DETECTOR_LABELS[d].replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
