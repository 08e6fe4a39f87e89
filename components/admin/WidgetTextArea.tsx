import { useId, type ReactNode, type TextareaHTMLAttributes } from 'react';

/** A labelled textarea with a hint and its errors, announced with it (Field's twin for long text). */
export function TextArea({
  label,
  hint,
  messages,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: ReactNode; messages: string[] }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, messages.length ? `${id}-err` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={describedBy || undefined}
        {...textarea}
      />
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
    </div>
  );
}
