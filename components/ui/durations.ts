import { LOCKDOWN_DURATIONS } from '@/shared/lockdown';

export interface DurationOption {
  /** Whole minutes, as text (a select's value). */
  value: string;
  label: string;
}

/**
 * The console's choices of how long something lasts (lockdowns, quarantines), as select options;
 * `only` keeps the ones of those lengths in minutes (e.g. a shorter list for a review's quarantine).
 */
export function durationOptions(only?: readonly number[]): DurationOption[] {
  return LOCKDOWN_DURATIONS.filter((d) => !only || only.includes(d.minutes)).map((d) => ({
    value: String(d.minutes),
    label: d.label,
  }));
}

/** "1 hour" for "60": the option's label, or the minutes in words when it is not one of them. */
export const durationLabel = (options: readonly DurationOption[], minutes: string) =>
  options.find((d) => d.value === minutes)?.label ?? `${minutes} minutes`;
