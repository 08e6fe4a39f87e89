import { useEffect, useRef } from 'react';
import type { ShownError } from '@/components/client/errors';
import { Field, SelectField } from '@/components/ui/field';
import { POLICY_LIMITS } from '@/shared/policy';
import { ACTION_OPTIONS, pick } from './actions';
import type { Filter, FilterField } from './draft';

/** Messages in the shape `Field` shows under its input. */
const at = (name: string, messages: string[] | undefined): ShownError | null =>
  messages?.length ? { message: '', fieldErrors: { [name]: messages } } : null;

/** One content filter: its name, pattern, case rule and action, with the server's words at each. */
export function FilterRow({
  filter,
  index,
  errors,
  focusOnMount,
  onChange,
  onRemove,
}: {
  filter: Filter;
  index: number;
  errors: Partial<Record<FilterField, string[]>>;
  /** A filter just added: its name field takes the focus. */
  focusOnMount: boolean;
  onChange: (change: Partial<Filter>) => void;
  onRemove: () => void;
}) {
  const box = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (focusOnMount) box.current?.querySelector('input')?.focus();
  }, [focusOnMount]);
  const title = `Filter ${index + 1}`;
  return (
    <fieldset ref={box} className="security-filter">
      <legend>{title}</legend>
      <Field
        label="Name"
        name="name"
        required
        maxLength={POLICY_LIMITS.filterName}
        value={filter.name}
        error={at('name', errors.name)}
        onChange={(e) => onChange({ name: e.target.value })}
      />
      <div className="security-pattern">
        <Field
          label="Pattern"
          name="pattern"
          required
          maxLength={POLICY_LIMITS.patternLength}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          value={filter.pattern}
          placeholder="\bproject\s+falcon\b"
          error={at('pattern', errors.pattern)}
          onChange={(e) => onChange({ pattern: e.target.value })}
        />
      </div>
      <label className="admin-check security-case">
        <input
          type="checkbox"
          checked={filter.caseSensitive}
          onChange={(e) => onChange({ caseSensitive: e.target.checked })}
        />
        Case-sensitive
      </label>
      <SelectField
        label="Action"
        name="action"
        value={filter.action}
        options={ACTION_OPTIONS}
        error={at('action', errors.action)}
        onChange={(e) => onChange({ action: pick(ACTION_OPTIONS, e.target.value, filter.action) })}
      />
      <button
        type="button"
        className="secondary"
        aria-label={`Remove ${title}${filter.name.trim() ? ` (${filter.name.trim()})` : ''}`}
        onClick={onRemove}
      >
        Remove
      </button>
    </fieldset>
  );
}
