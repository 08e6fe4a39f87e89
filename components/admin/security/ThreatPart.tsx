import type { ShownError } from '@/components/client/errors';
import { Field } from '@/components/ui/field';
import { THREAT_FIELDS, type Draft, type ThreatKey } from './draft';

type Flags = Pick<Draft, 'hold' | 'quarantineHolds'>;

const LABELS: Record<ThreatKey, { label: string; hint: string }> = {
  holdAt: {
    label: 'Review messages scoring at least',
    hint: 'A threat score from 1 to 100, from the rules a message matched, its sender’s trust and recent floods. Messages at this score go to the moderation queue and admins are alerted; flagged ones go there whatever their score.',
  },
  quarantineAt: {
    label: 'Quarantine the sender from a score of',
    hint: 'Above the review score, up to 100. Moderators, admins and owners are never put in quarantine automatically.',
  },
  quarantineMinutes: {
    label: 'An automatic quarantine lasts (minutes)',
    hint: `1 to ${THREAT_FIELDS.quarantineMinutes.max} (a week). Admins can release the member earlier.`,
  },
};

/**
 * When a message is reviewed (and whether it waits for the review), and when its sender is
 * quarantined without waiting for a moderator.
 */
export function ThreatPart({
  threat,
  onChange,
  flags,
  onFlagsChange,
  error,
}: {
  threat: Record<ThreatKey, string>;
  onChange: (threat: Record<ThreatKey, string>) => void;
  flags: Flags;
  onFlagsChange: (flags: Partial<Flags>) => void;
  error: ShownError | null;
}) {
  return (
    <section aria-labelledby="security-threat-h" className="security-part">
      <h2 id="security-threat-h">Threat scores</h2>
      {(Object.keys(LABELS) as ThreatKey[]).map((key) => (
        <Field
          key={key}
          label={LABELS[key].label}
          name={`threat.${key}`}
          type="number"
          inputMode="numeric"
          min={THREAT_FIELDS[key].min}
          max={THREAT_FIELDS[key].max}
          required
          value={threat[key]}
          onChange={(e) => onChange({ ...threat, [key]: e.target.value })}
          error={error}
          hint={LABELS[key].hint}
        />
      ))}
      <label className="admin-check">
        <input
          type="checkbox"
          name="threat.hold"
          checked={flags.hold}
          onChange={(e) => onFlagsChange({ hold: e.target.checked })}
        />
        Hold these messages until a moderator approves them
      </label>
      <p className="muted">
        Flagged messages and those at the review score are then not posted: their senders are told they wait,
        and nobody else sees them until a moderator approves them on the Moderation page. Off, they are posted
        and reviewed afterwards.
      </p>
      <label className="admin-check">
        <input
          type="checkbox"
          name="threat.quarantineHolds"
          checked={flags.quarantineHolds}
          onChange={(e) => onFlagsChange({ quarantineHolds: e.target.checked })}
        />
        In quarantine, members read on and their messages wait for review
      </label>
      <p className="muted">
        Off, a member in quarantine cannot use the workspace until it ends. On, they keep reading, and
        everything they send waits for a moderator, whatever it says; they still cannot edit, react or change
        anything, and nobody sees them online. A quarantine keeps the choice it started with. Widget visitors
        are always paused.
      </p>
    </section>
  );
}
