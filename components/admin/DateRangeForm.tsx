'use client';
import type { FormEvent } from 'react';
import type { ShownError } from '@/components/client/errors';
import { formText } from '@/components/client/form';
import { Field } from '@/components/ui/field';
import { lastDays, type Day } from './dates';

export interface DayRange {
  from: Day;
  to: Day;
}

const PRESETS = [7, 30, 90] as const;

/** From/to dates (UTC days, both included) and quick presets; the server checks the range. */
export function DateRangeForm({
  range,
  onChange,
  error,
}: {
  range: DayRange;
  onChange: (r: DayRange) => void;
  error: ShownError | null;
}) {
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    onChange({ from: formText(form, 'from'), to: formText(form, 'to') });
  }
  return (
    <form className="row" onSubmit={onSubmit} aria-label="Date range">
      {/* Keyed by the range so that a preset also resets what the inputs show. */}
      <Field
        key={`from-${range.from}`}
        label="From (UTC)"
        name="from"
        type="date"
        required
        defaultValue={range.from}
        error={error}
      />
      <Field
        key={`to-${range.to}`}
        label="To (UTC)"
        name="to"
        type="date"
        required
        defaultValue={range.to}
        error={error}
      />
      <button type="submit">Apply</button>
      <div className="row" role="group" aria-label="Presets">
        {PRESETS.map((n) => (
          <button key={n} type="button" className="secondary" onClick={() => onChange(lastDays(n))}>
            Last {n} days
          </button>
        ))}
      </div>
    </form>
  );
}
