import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import type { ShownError } from '../client/errors';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: ShownError | null;
  hint?: ReactNode;
}

/** A labelled input whose server-side field errors are shown under it and announced with it. */
export function Field({ label, name, error, hint, ...input }: FieldProps) {
  const id = useId();
  const messages = error?.fieldErrors[name] ?? [];
  const describedBy = [hint ? `${id}-hint` : null, messages.length ? `${id}-err` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
      {messages.length > 0 ? (
        <span id={`${id}-err`} role="alert" className="field-error">
          {messages.join(' ')}
        </span>
      ) : null}
    </div>
  );
}

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  error?: ShownError | null;
  /** Keep the label for screen readers only (e.g. in a table whose column header says it). */
  hideLabel?: boolean;
}

export function SelectField({ label, name, options, error, hideLabel, ...select }: SelectFieldProps) {
  const id = useId();
  const messages = error?.fieldErrors[name] ?? [];
  return (
    <div className="field">
      <label htmlFor={id} className={hideLabel ? 'sr-only' : undefined}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={messages.length ? `${id}-err` : undefined}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {messages.length > 0 ? (
        <span id={`${id}-err`} role="alert" className="field-error">
          {messages.join(' ')}
        </span>
      ) : null}
    </div>
  );
}

/** The error's message (fields' own messages are shown at the fields). */
export function FormError({ error }: { error?: ShownError | null }) {
  if (!error?.message) return null;
  return (
    <p role="alert" className="form-error">
      {error.message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Loading {what}…
    </p>
  );
}
