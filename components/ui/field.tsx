import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import type { ShownError } from '../client/errors';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: ShownError | null;
  hint?: ReactNode;
}

/** The ids a control is described by: its hint and its errors, when it has them. */
const describedBy = (id: string, hint: ReactNode, messages: readonly string[]) =>
  [hint ? `${id}-hint` : null, messages.length ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;

/** A field's hint and its errors (one line, or a list), announced with the control. */
function FieldNotes({ id, hint, messages }: { id: string; hint?: ReactNode; messages: readonly string[] }) {
  return (
    <>
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
      {messages.length > 0 ? (
        <div id={`${id}-err`} role="alert" className="field-error">
          {messages.length === 1 ? (
            messages[0]
          ) : (
            <ul>
              {messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </>
  );
}

/** A labelled input whose server-side field errors are shown under it and announced with it. */
export function Field({ label, name, error, hint, ...input }: FieldProps) {
  const id = useId();
  const messages = error?.fieldErrors[name] ?? [];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={describedBy(id, hint, messages)}
        {...input}
      />
      <FieldNotes id={id} hint={hint} messages={messages} />
    </div>
  );
}

/** Field's twin for long text; its errors come ready-made (a form may map them to lines). */
export function TextArea({
  label,
  hint,
  messages,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: ReactNode; messages: string[] }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={describedBy(id, hint, messages)}
        {...textarea}
      />
      <FieldNotes id={id} hint={hint} messages={messages} />
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
      <FieldNotes id={id} messages={messages} />
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
