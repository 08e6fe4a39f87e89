import type { ShownError } from '@/components/client/errors';
import { Field } from '@/components/ui/field';
import { RETENTION_DAYS } from '@/shared/retention';
import type { RuleDraft } from './rules';

/**
 * A retention rule's choice: kept for ever, or deleted after a number of days (the field shown
 * only for that choice). The days field is named `messageDays`, so the server's errors land on it.
 */
export function RuleChoice({
  legend,
  name,
  labels,
  value,
  onChange,
  error,
}: {
  legend: string;
  /** The radio group's name, one per form. */
  name: string;
  labels: { forever: string; days: string };
  value: RuleDraft;
  onChange: (value: RuleDraft) => void;
  error: ShownError | null;
}) {
  const { min, max } = RETENTION_DAYS;
  return (
    <fieldset className="admin-fieldset retention-choice">
      <legend>{legend}</legend>
      {(['forever', 'days'] as const).map((kind) => (
        <label key={kind} className="check">
          <input
            type="radio"
            name={name}
            value={kind}
            checked={value.kind === kind}
            onChange={() => onChange({ ...value, kind })}
          />
          <span>{labels[kind]}</span>
        </label>
      ))}
      {value.kind === 'days' ? (
        <Field
          label="Days"
          name="messageDays"
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          required
          value={value.days}
          onChange={(e) => onChange({ ...value, days: e.target.value })}
          error={error}
          hint={`${min} to ${max.toLocaleString('en')}.`}
        />
      ) : null}
    </fieldset>
  );
}
