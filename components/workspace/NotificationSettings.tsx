'use client';
import Link from 'next/link';
import { useMemo, useState, type ReactNode } from 'react';
import {
  CATEGORY_WORDS,
  clockToMinutes,
  EMAIL_CATEGORIES,
  EMAIL_FREQUENCIES,
  EMAIL_WORDS,
  LEVEL_KIND_WORDS,
  LEVEL_KINDS,
  LEVEL_WORDS,
  LEVELS,
  minutesToClock,
  type Level,
} from '@/shared/notification-prefs';
import { toShownError } from '@/components/client/errors';
import { trpc, type RouterInputs, type RouterOutputs } from '@/components/client/trpc';
import { FormError, Loading, SelectField } from '@/components/ui/field';
import { ConversationOverrides } from './ConversationOverrides';
import { PushToggle } from './PushToggle';
import { useWorkspace } from './workspace-context';

type Patch = Omit<RouterInputs['notification']['updatePreferences'], 'workspaceId'>;
type NotificationPrefs = RouterOutputs['notification']['preferences'];

const zones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * A person's notification settings in this workspace: how much each kind of conversation notifies,
 * email (how often, which kinds), push, and quiet hours in their time zone. Each change is saved
 * as it is made; the conversations with settings of their own are listed below.
 */
export function NotificationSettings() {
  const { ws } = useWorkspace();
  const workspaceId = ws.id;
  const utils = trpc.useUtils();
  const prefs = trpc.notification.preferences.useQuery({ workspaceId });
  // Each change shows at once (component state, so the control follows the click within the same
  // event) and is saved; a refusal drops it, reads back what is stored and shows the error.
  const [local, setLocal] = useState<NotificationPrefs | null>(null);
  const update = trpc.notification.updatePreferences.useMutation({
    onError: () => {
      setLocal(null);
      void utils.notification.preferences.invalidate({ workspaceId });
    },
  });
  const save = (patch: Patch) => {
    const base = local ?? prefs.data;
    if (!base) return;
    setLocal({ ...base, ...patch, levels: { ...base.levels, ...patch.levels } });
    update.mutate({ workspaceId, ...patch });
  };
  const allZones = useMemo(() => zones(), []);
  const [quietDraft, setQuietDraft] = useState<{ start: string; end: string } | null>(null);

  if (prefs.isPending) return <Loading what="notification settings" />;
  if (prefs.error) return <FormError error={toShownError(prefs.error)} />;
  const p = local ?? prefs.data;
  const here = browserZone();
  const quiet = quietDraft ?? {
    start: minutesToClock(p.quietHours?.start ?? 22 * 60),
    end: minutesToClock(p.quietHours?.end ?? 7 * 60),
  };
  const saveQuiet = (next: { start: string; end: string }) => {
    setQuietDraft(next);
    const start = clockToMinutes(next.start);
    const end = clockToMinutes(next.end);
    if (start !== null && end !== null && start !== end) save({ quietHours: { start, end } });
  };

  return (
    <div className="pane notif-settings">
      <div className="notif-head">
        <h2>Notification settings</h2>
        <Link href={`/w/${ws.slug}/notifications`}>Back to notifications</Link>
      </div>
      <p className="muted">For {ws.name}. Changes are saved as you make them.</p>
      <FormError error={toShownError(update.error)} />
      <p role="status" className="sr-only">
        {update.isSuccess ? 'Saved' : ''}
      </p>

      <Section title="What notifies you">
        {LEVEL_KINDS.map((k) => (
          <SelectField
            key={k}
            label={LEVEL_KIND_WORDS[k]}
            name={`level-${k}`}
            value={p.levels[k]}
            options={LEVELS.map((l) => ({ value: l, label: LEVEL_WORDS[l] }))}
            onChange={(e) => save({ levels: { [k]: e.target.value as Level } })}
          />
        ))}
        <p className="muted">
          Any conversation can differ: use the bell in its header. Moderation notices always reach you.
        </p>
      </Section>

      <Section title="Email">
        <SelectField
          label="Email me what I miss"
          name="email"
          value={p.email}

          options={EMAIL_FREQUENCIES.map((f) => ({ value: f, label: EMAIL_WORDS[f] }))}
          onChange={(e) => save({ email: e.target.value as (typeof EMAIL_FREQUENCIES)[number] })}
        />
        <fieldset disabled={p.email === 'off'}>
          <legend>Email me about</legend>
          {EMAIL_CATEGORIES.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={!p.emailOff.includes(c)}
                onChange={(e) =>
                  save({
                    emailOff: e.target.checked ? p.emailOff.filter((x) => x !== c) : [...p.emailOff, c],
                  })
                }
              />{' '}
              {CATEGORY_WORDS[c]}
            </label>
          ))}
        </fieldset>
        <p className="muted">
          Nothing you have read in the app, on any device, is emailed. Every email has a link that stops it.
        </p>
      </Section>

      <Section title="Push">
        <label className="check">
          <input type="checkbox" checked={p.push} onChange={(e) => save({ push: e.target.checked })} /> Send
          push notifications to my devices when I have not seen something for a minute
        </label>
        <PushToggle />
      </Section>

      <Section title="Quiet hours">
        <label className="check">
          <input
            type="checkbox"
            checked={p.quietHours !== null}
            onChange={(e) => {
              setQuietDraft(null);
              save({ quietHours: e.target.checked ? { start: 22 * 60, end: 7 * 60 } : null });
            }}
          />{' '}
          No push or email during quiet hours (email waits until they end)
        </label>
        {p.quietHours ? (
          <div className="quiet-row">
            <label>
              From{' '}
              <input
                type="time"
                value={quiet.start}
                onChange={(e) => saveQuiet({ ...quiet, start: e.target.value })}
              />
            </label>
            <label>
              to{' '}
              <input
                type="time"
                value={quiet.end}
                onChange={(e) => saveQuiet({ ...quiet, end: e.target.value })}
              />
            </label>
            {quiet.start === quiet.end ? (
              <span className="form-error">Start and end must differ.</span>
            ) : null}
          </div>
        ) : null}
        <SelectField
          label="Time zone"
          name="timeZone"
          value={p.timeZone}

          options={(allZones.includes(p.timeZone) ? allZones : [p.timeZone, ...allZones]).map((z) => ({
            value: z,
            label: z,
          }))}
          onChange={(e) => save({ timeZone: e.target.value })}
        />
        {here && here !== p.timeZone ? (
          <button type="button" className="secondary" onClick={() => save({ timeZone: here })}>
            Use this device’s time zone ({here})
          </button>
        ) : null}
      </Section>

      <ConversationOverrides />
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="notif-section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}
