import { useId } from 'react';
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS, type ExportFormat } from '@/shared/retention';

/** The formats an export is built in, one checkbox each; the server's error is shown with the group. */
export function FormatChoice({
  value,
  onChange,
  messages,
}: {
  value: readonly ExportFormat[];
  onChange: (next: readonly ExportFormat[]) => void;
  /** The server's errors for `formats`. */
  messages: readonly string[];
}) {
  const id = useId();
  const toggle = (f: ExportFormat, on: boolean) =>
    onChange(on ? [...value.filter((x) => x !== f), f] : value.filter((x) => x !== f));
  return (
    <fieldset
      className="admin-fieldset"
      aria-invalid={messages.length > 0 || undefined}
      aria-describedby={messages.length ? `${id}-err` : undefined}
    >
      <legend>Formats</legend>
      {EXPORT_FORMATS.map((f) => (
        <label key={f} className="check">
          <input
            type="checkbox"
            name="formats"
            value={f}
            checked={value.includes(f)}
            onChange={(e) => toggle(f, e.target.checked)}
          />
          <span>{EXPORT_FORMAT_LABELS[f]}</span>
        </label>
      ))}
      {messages.length ? (
        <span id={`${id}-err`} role="alert" className="field-error">
          {messages.join(' ')}
        </span>
      ) : null}
    </fieldset>
  );
}
