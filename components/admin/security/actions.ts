import { RATE_TIER_LABELS, RATE_TIERS } from '@/shared/policy';
import type { Action, MarkupAction } from './draft';

/** What a rule may do with a match, in the console's words (`redact` is shown as "Mask"). */
export const ACTION_OPTIONS = [
  { value: 'off', label: 'Off' },
  { value: 'flag', label: 'Flag' },
  { value: 'redact', label: 'Mask' },
  { value: 'block', label: 'Block' },
] as const satisfies readonly { value: Action; label: string }[];

/** One line per action, shown once above the rules that use them. */
export const ACTION_HELP = [
  { label: 'Off', help: 'not checked.' },
  { label: 'Flag', help: 'the message is stored as written and recorded for review.' },
  { label: 'Mask', help: 'replaced before it is stored; cards keep their last four digits.' },
  { label: 'Block', help: 'the message is refused, and the writer is told why.' },
] as const;

/** Markup is never drawn as HTML, so its rule can only record it. */
export const MARKUP_OPTIONS = [
  { value: 'off', label: 'Off' },
  { value: 'flag', label: 'Flag' },
] as const satisfies readonly { value: MarkupAction; label: string }[];

/** The option whose value a <select> reported (the fallback if none is). */
export const pick = <T extends string>(options: readonly { value: T }[], v: string, fallback: T): T =>
  options.find((o) => o.value === v)?.value ?? fallback;

/** A workspace's rate-limit tiers, in the words of shared/policy.ts. */
export const TIER_OPTIONS = RATE_TIERS.map((value) => ({ value, label: RATE_TIER_LABELS[value] }));
