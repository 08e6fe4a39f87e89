import type { ShownError } from '@/components/client/errors';
import { Field, SelectField } from '@/components/ui/field';
import { pick, TIER_OPTIONS } from './actions';
import { LIMIT_FIELDS, type LimitKey, type RateTier } from './draft';

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

/**
 * How much a person may send: messages per minute (lower for new accounts) and their length; and
 * the workspace's API budget (its tier).
 */
export function LimitsPart({
  limits,
  onChange,
  tier,
  onTierChange,
  error,
}: {
  limits: Record<LimitKey, string>;
  onChange: (limits: Record<LimitKey, string>) => void;
  tier: RateTier;
  onTierChange: (tier: RateTier) => void;
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
      <p className="muted">
        The API budget is calls per minute for everyone in the workspace together (apps, sockets,
        integrations). Raising it takes nothing from other workspaces; each person keeps their own budget,
        lower for widget visitors and new accounts.
      </p>
      <SelectField
        label="API budget of this workspace"
        name="limits.tier"
        value={tier}
        options={TIER_OPTIONS}
        error={error}
        onChange={(e) => onTierChange(pick(TIER_OPTIONS, e.target.value, tier))}
      />
    </section>
  );
}
