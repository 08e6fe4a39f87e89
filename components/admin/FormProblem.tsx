import type { ShownError } from '@/components/client/errors';

/**
 * The error's message, plus the field errors that no field of this form shows (the server reports
 * nested input, such as `settings.replyDepth`, under its top-level key), so nothing is swallowed.
 */
export function FormProblem({
  error,
  fields = [],
}: {
  error?: ShownError | null;
  fields?: readonly string[];
}) {
  if (!error) return null;
  const rest = Object.entries(error.fieldErrors)
    .filter(([k]) => !fields.includes(k))
    .flatMap(([, msgs]) => msgs);
  if (!error.message && rest.length === 0) return null;
  return (
    <div role="alert" className="form-error">
      {error.message ? <p className="form-error">{error.message}</p> : null}
      {rest.length > 0 ? (
        <ul>
          {rest.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
