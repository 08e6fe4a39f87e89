import type { RouterOutputs } from '@/components/client/trpc';
import { MAX_BODY_BYTES } from '@/shared/message-body';
import { MAX_LOCKDOWN_MINUTES } from '@/shared/lockdown';
import { DETECTORS, POLICY_LIMITS, THRESHOLD_ORDER } from '@/shared/policy';

/** The security policy as `admin.policy` returns it (server/domain/policy/schemas.ts). */
export type Policy = RouterOutputs['admin']['policy'];
export type Filter = Policy['filters'][number];
export type Action = Filter['action'];
export type MarkupAction = Policy['markup'];
export type RateTier = Policy['limits']['tier'];

/** The limits the form edits, each with the range the server accepts (shared/policy.ts). */
export const LIMIT_FIELDS = {
  maxMessageBytes: { min: POLICY_LIMITS.maxMessageLengthMin, max: MAX_BODY_BYTES },
  messagesPerMinute: POLICY_LIMITS.perMinute,
  newAccountMessagesPerMinute: POLICY_LIMITS.perMinute,
  newAccountDays: POLICY_LIMITS.newAccountDays,
} as const;
export type LimitKey = keyof typeof LIMIT_FIELDS;
const LIMIT_KEYS = Object.keys(LIMIT_FIELDS) as LimitKey[];

/** The threat thresholds (scores 0..100) and how long an automatic quarantine lasts. */
export const THREAT_FIELDS = {
  holdAt: { min: 1, max: 100 },
  quarantineAt: { min: 1, max: 100 },
  quarantineMinutes: { min: 1, max: MAX_LOCKDOWN_MINUTES },
} as const;
export type ThreatKey = keyof typeof THREAT_FIELDS;
const THREAT_KEYS = Object.keys(THREAT_FIELDS) as ThreatKey[];

/**
 * What the form edits: the policy's editable rules, with the domains as the textarea's text and the
 * limits and thresholds as their number fields' text.
 */
export interface Draft {
  detectors: Policy['detectors'];
  filters: Filter[];
  domains: string;
  domainAction: Action;
  markup: MarkupAction;
  limits: Record<LimitKey, string>;
  tier: RateTier;
  threat: Record<ThreatKey, string>;
  /** Hold messages for a moderator instead of posting them (threat.hold). */
  hold: boolean;
  /** A quarantined member reads on and their sends wait for review (threat.quarantineHolds). */
  quarantineHolds: boolean;
}

export const draftOf = (p: Policy): Draft => ({
  detectors: { ...p.detectors },
  filters: p.filters.map((f) => ({ ...f })),
  domains: p.blockedDomains.domains.join('\n'),
  domainAction: p.blockedDomains.action,
  markup: p.markup,
  limits: {
    maxMessageBytes: String(p.limits.maxMessageBytes),
    messagesPerMinute: String(p.limits.messagesPerMinute),
    newAccountMessagesPerMinute: String(p.limits.newAccountMessagesPerMinute),
    newAccountDays: String(p.limits.newAccountDays),
  },
  tier: p.limits.tier,
  threat: {
    holdAt: String(p.threat.holdAt),
    quarantineAt: String(p.threat.quarantineAt),
    quarantineMinutes: String(p.threat.quarantineMinutes),
  },
  hold: p.threat.hold,
  quarantineHolds: p.threat.quarantineHolds,
});

/** The textarea's non-blank lines, each with its line number (from 1). */
export const domainLines = (text: string) =>
  text
    .split('\n')
    .map((line, i) => ({ line: i + 1, domain: line.trim() }))
    .filter((l) => l.domain !== '');

/** The draft in a form where two drafts that would save the same policy are equal. */
const canonical = (d: Draft) =>
  JSON.stringify([
    DETECTORS.map((k) => d.detectors[k]),
    d.filters.map((f) => [f.id, f.name, f.pattern, f.caseSensitive, f.action]),
    domainLines(d.domains).map((l) => l.domain),
    d.domainAction,
    d.markup,
    LIMIT_KEYS.map((k) => d.limits[k].trim()),
    d.tier,
    THREAT_KEYS.map((k) => d.threat[k].trim()),
    d.hold,
    d.quarantineHolds,
  ]);

/** Whether saving `draft` would change the policy it was edited from. */
export const isChanged = (draft: Draft, base: Policy) => canonical(draft) !== canonical(draftOf(base));

/**
 * What a save sent, so that the server's errors find their place: it reports `filters.<i>.…` and
 * `blockedDomains.domains.<i>` by index into the lists sent (blank lines left out).
 */
export interface Sent {
  filterIds: string[];
  lineOf: number[];
}

type FieldErrors = Record<string, string[]>;
export type PolicyInput = Omit<Policy, 'version' | 'updatedAt' | 'updatedBy'> & { expectedVersion: number };

/**
 * The whole policy to save, edited from `base`, or the problems the browser can see itself (in the
 * server's keys and words), so they appear at their fields before anything is sent.
 */
export function prepare(
  draft: Draft,
  base: Policy,
): { sent: Sent; input: PolicyInput; errors: null } | { sent: Sent; input: null; errors: FieldErrors } {
  const lines = domainLines(draft.domains);
  const sent: Sent = { filterIds: draft.filters.map((f) => f.id), lineOf: lines.map((l) => l.line) };
  const errors: FieldErrors = {};
  draft.filters.forEach((f, i) => {
    const name = f.name.trim();
    if (name === '') errors[`filters.${i}.name`] = ['Required'];
    else if (name.length > POLICY_LIMITS.filterName)
      errors[`filters.${i}.name`] = [`At most ${POLICY_LIMITS.filterName} characters`];
    if (f.pattern.trim() === '') errors[`filters.${i}.pattern`] = ['Enter a pattern.'];
    else if (f.pattern.length > POLICY_LIMITS.patternLength)
      errors[`filters.${i}.pattern`] = [`Keep a pattern under ${POLICY_LIMITS.patternLength} characters.`];
  });
  if (draft.filters.length > POLICY_LIMITS.filters)
    errors.filters = [`At most ${POLICY_LIMITS.filters} filters`];
  if (lines.length > POLICY_LIMITS.blockedDomains)
    errors['blockedDomains.domains'] = [
      `At most ${POLICY_LIMITS.blockedDomains} domains (there are ${lines.length}).`,
    ];
  const limits = { ...base.limits, tier: draft.tier };
  for (const key of LIMIT_KEYS) {
    const { min, max } = LIMIT_FIELDS[key];
    const text = draft.limits[key].trim();
    const n = Number(text);
    if (text === '' || !Number.isInteger(n) || n < min || n > max)
      errors[`limits.${key}`] = [`A whole number from ${min} to ${max}`];
    else limits[key] = n;
  }
  const threat = { ...base.threat, hold: draft.hold, quarantineHolds: draft.quarantineHolds };
  for (const key of THREAT_KEYS) {
    const { min, max } = THREAT_FIELDS[key];
    const text = draft.threat[key].trim();
    const n = Number(text);
    if (text === '' || !Number.isInteger(n) || n < min || n > max)
      errors[`threat.${key}`] = [`A whole number from ${min} to ${max}`];
    else threat[key] = n;
  }
  if (!errors['threat.holdAt'] && !errors['threat.quarantineAt'] && threat.quarantineAt <= threat.holdAt)
    errors['threat.quarantineAt'] = [THRESHOLD_ORDER];
  if (Object.keys(errors).length > 0) return { sent, input: null, errors };
  return {
    sent,
    errors: null,
    input: {
      expectedVersion: base.version,
      detectors: { ...draft.detectors },
      filters: draft.filters.map((f) => ({ ...f, name: f.name.trim() })),
      blockedDomains: { domains: lines.map((l) => l.domain), action: draft.domainAction },
      markup: draft.markup,
      limits,
      threat,
    },
  };
}

export type FilterField = 'name' | 'pattern' | 'action';
const FILTER_FIELDS: readonly string[] = ['name', 'pattern', 'action'] satisfies FilterField[];

/** Where each field error is shown: at a filter (by id), at the domains (by line), or at a named field. */
export interface Placed {
  filter: (id: string) => Partial<Record<FilterField, string[]>>;
  domains: string[];
  /** The keys shown at a field; the rest go above the Save button (FormProblem). */
  keys: string[];
}

/** The fields that show their own key's errors (`SelectField`/`Field` by name). */
export const NAMED_FIELDS = [
  ...DETECTORS.map((d) => `detectors.${d}`),
  'filters',
  'blockedDomains.action',
  'markup',
  ...LIMIT_KEYS.map((k) => `limits.${k}`),
  'limits.tier',
  ...THREAT_KEYS.map((k) => `threat.${k}`),
];

export function placeErrors(fieldErrors: FieldErrors, sent: Sent | null): Placed {
  const byFilter = new Map<string, Partial<Record<FilterField, string[]>>>();
  const domains: string[] = [];
  const keys: string[] = [];
  for (const [key, messages] of Object.entries(fieldErrors)) {
    if (NAMED_FIELDS.includes(key)) keys.push(key);
    const filter = /^filters\.(\d+)\.(\w+)$/.exec(key);
    if (filter && FILTER_FIELDS.includes(filter[2]!)) {
      const id = sent?.filterIds[Number(filter[1])];
      if (id === undefined) continue;
      const field = filter[2] as FilterField;
      byFilter.set(id, { ...byFilter.get(id), [field]: messages });
      keys.push(key);
    }
    if (key === 'blockedDomains.domains') {
      domains.push(...messages);
      keys.push(key);
    }
    const domain = /^blockedDomains\.domains\.(\d+)$/.exec(key);
    if (domain) {
      const index = Number(domain[1]);
      const line = sent?.lineOf[index] ?? index + 1;
      domains.push(...messages.map((m) => `Line ${line}: ${m}`));
      keys.push(key);
    }
  }
  return { filter: (id) => byFilter.get(id) ?? {}, domains, keys };
}

/** A new filter's id: `crypto.randomUUID()` where the page is a secure context, random bytes otherwise. */
export function newFilterId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
