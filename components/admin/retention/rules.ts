import type { ShownError } from '@/components/client/errors';
import type { RouterOutputs } from '@/components/client/trpc';
import { daysInWords, type HoldScope } from '@/shared/retention';

export type Retention = RouterOutputs['compliance']['retention'];
export type Run = Retention['runs'][number];
export type Hold = RouterOutputs['compliance']['holds'][number];

/** The page's one retention query, as the parts read it. */
export interface RetentionQuery {
  isPending: boolean;
  error: unknown;
  data: Retention | undefined;
}

/** A rule as a form edits it: kept for ever, or the days as typed. */
export interface RuleDraft {
  kind: 'forever' | 'days';
  days: string;
}

/** What the days field offers when a rule kept for ever is given days. */
const SUGGESTED_DAYS = '365';

export const draftOfDays = (days: number | null): RuleDraft =>
  days === null ? { kind: 'forever', days: SUGGESTED_DAYS } : { kind: 'days', days: String(days) };

/**
 * The days to send (null: for ever), or the error at the days field. Only whether it is a whole
 * number is checked here (JSON would turn what is not a number into null, "for ever"); the bounds
 * are the server's, and its message is shown at the same field.
 */
export function daysOf(draft: RuleDraft): { days: number | null } | { error: ShownError } {
  if (draft.kind === 'forever') return { days: null };
  const text = draft.days.trim();
  const n = Number(text);
  if (text === '' || !Number.isInteger(n))
    return { error: { message: '', fieldErrors: { messageDays: ['A whole number of days'] } } };
  return { days: n };
}

/** "Kept for 30 days", "Kept for ever": a rule in words. */
export const ruleInWords = (days: number | null) =>
  days === null ? 'Kept for ever' : `Kept for ${daysInWords(days)}`;

const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

/** "every hour", "every 15 minutes": how often the sweep runs, from its period in seconds. */
export function everyInWords(seconds: number): string {
  if (seconds === 3600) return 'every hour';
  if (seconds === 86_400) return 'every day';
  if (seconds % 3600 === 0) return `every ${count(seconds / 3600, 'hour', 'hours')}`;
  if (seconds % 60 === 0) return `every ${count(seconds / 60, 'minute', 'minutes')}`;
  return `every ${count(seconds, 'second', 'seconds')}`;
}

const n = (x: number) => x.toLocaleString('en');

/** "Deleted 3 of 5 expired, 2 kept by holds": what a run did (so far, while it runs). */
export const runResult = (r: Pick<Run, 'deleted' | 'expired' | 'held'>) =>
  `Deleted ${n(r.deleted)} of ${n(r.expired)} expired, ${n(r.held)} kept by holds`;

export const runStatusLabel: Record<Run['status'], string> = {
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

/** What the sweep goes by: the rules, and its runs. */
export type SweepRules = Pick<Retention, 'messageDays' | 'channels' | 'runs'>;

/** Whether any rule deletes messages: with none, a sweep has nothing to do (and records no run). */
export const anyRuleDeletes = (r: Pick<SweepRules, 'messageDays' | 'channels'>) =>
  r.messageDays !== null || r.channels.some((c) => c.messageDays !== null);

/** A sweep asked for from the page: the newest run before it, to tell when its own run appears. */
export interface Asked {
  after: string | null;
  at: number;
}

/** Polling while a sweep runs or has just been asked for, and the rest of the time. */
export const POLL_FAST_MS = 2_000;
export const POLL_SLOW_MS = 60_000;
/** An asked-for sweep that has not started after this long is left to the slow poll. */
const ASKED_WAIT_MS = 60_000;

/** How soon to read the retention again: fast while a run runs, or while an asked-for one is awaited. */
export function pollEvery(
  data: Pick<Retention, 'runs'> | undefined,
  asked: Asked | null,
  now: number,
): number {
  if (data?.runs.some((r) => r.status === 'running')) return POLL_FAST_MS;
  const awaited = asked && (data?.runs[0]?.id ?? null) === asked.after && now - asked.at < ASKED_WAIT_MS;
  return awaited ? POLL_FAST_MS : POLL_SLOW_MS;
}

/** What the page says about the sweep it asked for, as its run goes on. */
export function askedNote(data: SweepRules, asked: Asked | null): string {
  if (!asked) return '';
  const newest = data.runs[0];
  if (!newest || newest.id === asked.after)
    return anyRuleDeletes(data)
      ? 'The sweep is asked for: it starts in a moment.'
      : 'Nothing to sweep: no rule deletes messages.';
  if (newest.status === 'running') return 'The sweep is running.';
  if (newest.status === 'done') return `The sweep is done. ${runResult(newest)}.`;
  return newest.error ? `The sweep failed: ${newest.error}.` : 'The sweep failed.';
}

export const scopeLabel: Record<HoldScope, string> = {
  workspace: 'The whole workspace',
  conversation: 'A channel',
  person: 'A person',
};

/** "The whole workspace", "#legal": what a hold covers, to start a table cell with. */
export const coversLabel = (covers: string) => covers.charAt(0).toUpperCase() + covers.slice(1);
