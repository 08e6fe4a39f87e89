import type { ShownError } from '@/components/client/errors';
import { SelectField } from '@/components/ui/field';
import { DETECTOR_LABELS, DETECTORS } from '@/shared/policy';
import { ACTION_HELP, ACTION_OPTIONS, pick } from './actions';
import type { Draft } from './draft';

/** The built-in detectors: one select per kind of sensitive data, with what each action does. */
export function DetectorsPart({
  detectors,
  onChange,
  error,
}: {
  detectors: Draft['detectors'];
  onChange: (detectors: Draft['detectors']) => void;
  error: ShownError | null;
}) {
  return (
    <section aria-labelledby="security-detectors-h" className="security-part">
      <h2 id="security-detectors-h">Detectors</h2>
      <p className="muted">
        Sensitive data recognised in every message and edit. What each action does with a match:
      </p>
      <dl className="security-actions">
        {ACTION_HELP.map((a) => (
          <div key={a.label}>
            <dt>{a.label}:</dt> <dd>{a.help}</dd>
          </div>
        ))}
      </dl>
      <div className="security-detectors">
        {DETECTORS.map((d) => (
          <SelectField
            key={d}
            label={DETECTOR_LABELS[d]}
            name={`detectors.${d}`}
            value={detectors[d]}
            options={ACTION_OPTIONS}
            error={error}
            onChange={(e) =>
              onChange({ ...detectors, [d]: pick(ACTION_OPTIONS, e.target.value, detectors[d]) })
            }
          />
        ))}
      </div>
    </section>
  );
}
