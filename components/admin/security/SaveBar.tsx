import type { ShownError } from '@/components/client/errors';
import { FormProblem } from '../FormProblem';

/**
 * The one Save button, what the last save did, and a conflict's way out: someone else saved a newer
 * version, so this form's changes cannot be applied on top; "Load the latest" starts again from it.
 */
export function SaveBar({
  pending,
  changed,
  savedVersion,
  error,
  placedKeys,
  conflict,
  onLoadLatest,
  loading,
}: {
  pending: boolean;
  changed: boolean;
  savedVersion: number | null;
  error: ShownError | null;
  /** Field errors shown at their fields; FormProblem lists the rest. */
  placedKeys: string[];
  conflict: string | null;
  onLoadLatest: () => void;
  loading: boolean;
}) {
  return (
    <div className="security-save">
      <div className="row">
        <button type="submit" disabled={pending || !changed}>
          {pending ? 'Saving…' : 'Save policy'}
        </button>
        <span role="status" className="ok">
          {savedVersion !== null ? `Saved (version ${savedVersion})` : ''}
        </span>
      </div>
      {!changed && savedVersion === null && !conflict ? (
        <p className="muted security-unchanged">Nothing changed yet.</p>
      ) : null}
      {conflict ? (
        <div role="alert" className="security-conflict">
          <p className="form-error">{conflict}</p>
          <button type="button" className="secondary" disabled={loading} onClick={onLoadLatest}>
            {loading ? 'Loading…' : 'Load the latest'}
          </button>
        </div>
      ) : null}
      <FormProblem error={error} fields={placedKeys} />
    </div>
  );
}
