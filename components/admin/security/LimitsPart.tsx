import type { ShownError } from '@/components/client/errors';
import { Field } from '@/components/ui/field';
import { LIMIT_FIELDS, type LimitKey } from './draft';

const LABELS: Record<LimitKey, { label: string; hint: (min: number, max: number) => string }> = {
  messagesPerMinute: {
    label: 'Messages per minute per person',
    hint: (min, max) =>
      `${min} to ${max}. Messages over it wait: each further time within the hour, twice as long.`,
  },
  newAccountMessagesPerMinute: {
    label: 'Messages per minute from new accounts and visitors',
    hint: (min, max) => `${min} to ${max}; widget visitors always have this limit.`,
  },
  newAccountDays: {
    label: 'An account is new for (days)',
    hint: (min, max) => `${min} to ${max}; ${min} means no account counts as new.`,
  },
  maxMessageBytes: {
    label: 'Maximum message length (bytes)',
    hint: (min, max) => `${min} to ${max}; longer messages are refused. A letter takes 1 to 4 bytes.`,
  },
};

/** How much a person may send: messages per minute (lower for new accounts) and their length. */
export function LimitsPart({
  limits,
  onChange,
  error,
}: {
  limits: Record<LimitKey, string>;
  onChange: (limits: Record<LimitKey, string>) => void;
  error: ShownError | null;
}) {
  return (
    <section aria-labelledby="security-limits-h" className="security-part">
      <h2 id="security-limits-h">Limits</h2>
      {(Object.keys(LABELS) as LimitKey[]).map((key) => {
        const { min, max } = LIMIT_FIELDS[key];
        return (
          <Field
            key={key}
            label={LABELS[key].label}
            name={`limits.${key}`}
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            required
            value={limits[key]}
            onChange={(e) => onChange({ ...limits, [key]: e.target.value })}
            error={error}
            hint={LABELS[key].hint(min, max)}
          />
        );
      })}
    </section>
  );
}
