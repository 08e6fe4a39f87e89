'use client';
import { useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { Field, SelectField, TextArea } from '@/components/ui/field';
import { WIDGET_LIMITS } from '@/shared/limits';
import { useAdmin } from './admin-context';
import { FormProblem } from './FormProblem';
import { WidgetPreview } from './WidgetPreview';

type Settings = RouterOutputs['widget']['settings'];
type Position = Settings['appearance']['position'];
type Theme = Settings['appearance']['theme'];
type ReplyTime = Settings['appearance']['replyTime'];

// The server's limits, checked here too so the error appears at the field.
const { originsMax: MAX_ORIGINS, anonymousPerHourMax: MAX_PER_HOUR } = WIDGET_LIMITS;
const FIELDS = [
  'enabled',
  'allowedOrigins',
  'anonymous',
  'anonymousPerHour',
  'appearance.title',
  'appearance.greeting',
  'appearance.color',
  'appearance.position',
  'appearance.theme',
  'appearance.replyTime',
  'appearance.awayMessage',
] as const;
const POSITIONS = [
  { value: 'right', label: 'Right' },
  { value: 'left', label: 'Left' },
] as const satisfies readonly { value: Position; label: string }[];

const THEMES = [
  { value: 'visitor', label: "Follow the visitor's device" },
  { value: 'host', label: 'Follow the host page' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const satisfies readonly { value: Theme; label: string }[];
const REPLY_TIMES = [
  { value: 'minutes', label: 'In a few minutes' },
  { value: 'hour', label: 'Within an hour' },
  { value: 'day', label: 'Within a day' },
] as const satisfies readonly { value: ReplyTime; label: string }[];
const pick = <T extends string>(options: readonly { value: T }[], v: string, fallback: T): T =>
  options.find((o) => o.value === v)?.value ?? fallback;

const isOriginKey = (k: string) => k === 'allowedOrigins' || k.startsWith('allowedOrigins.');

const draftOf = (s: Settings) => ({
  enabled: s.enabled,
  origins: s.allowedOrigins.join('\n'),
  anonymous: s.anonymous,
  perHour: String(s.anonymousPerHour),
  ...s.appearance,
});
type Draft = ReturnType<typeof draftOf>;

/**
 * The origin errors, worded by textarea line: the server reports `allowedOrigins.<index>` into the
 * list that was sent (blank lines left out), `lineOf` maps each index back to its line.
 */
function originMessages(error: ShownError | null, lineOf: readonly number[]): string[] {
  return Object.entries(error?.fieldErrors ?? {})
    .filter(([k]) => isOriginKey(k))
    .flatMap(([k, msgs]) => {
      const index = Number(k.split('.')[1]);
      const line = k === 'allowedOrigins' ? undefined : (lineOf[index] ?? index + 1);
      return msgs.map((m) => (line === undefined ? m : `Line ${line}: ${m}`));
    });
}

/** The widget's settings: on/off, the host origins allowed to embed it, anonymous chat, appearance. */
export function WidgetForm({ settings }: { settings: Settings }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [lineOf, setLineOf] = useState<number[]>([]);
  const [local, setLocal] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const update = trpc.widget.update.useMutation({
    onSuccess: (data) => {
      setSaved(true);
      // The server's normalised origins (no trailing slash, lower-case host) replace what was typed.
      setDraft(draftOf(data));
      utils.widget.settings.setData({ workspaceId: ws.id }, data);
      // The web app's sidebar reads `settings.widget.enabled` from the workspace listings.
      return Promise.all([utils.workspace.get.invalidate(), utils.workspace.listMine.invalidate()]);
    },
  });
  const error = local ?? toShownError(update.error);
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const lines = draft.origins
      .split('\n')
      .map((text, i) => ({ line: i + 1, origin: text.trim() }))
      .filter((l) => l.origin !== '');
    setSaved(false);
    setLineOf(lines.map((l) => l.line));
    const fieldErrors: Record<string, string[]> = {};
    if (lines.length > MAX_ORIGINS)
      fieldErrors.allowedOrigins = [`At most ${MAX_ORIGINS} origins (there are ${lines.length}).`];
    const perHour = Number(draft.perHour);
    if (draft.perHour.trim() === '' || !Number.isInteger(perHour) || perHour < 0 || perHour > MAX_PER_HOUR)
      fieldErrors.anonymousPerHour = [`A whole number from 0 to ${MAX_PER_HOUR}`];
    if (Object.keys(fieldErrors).length > 0) {
      setLocal({ message: '', fieldErrors });
      return;
    }
    setLocal(null);
    update.mutate({
      workspaceId: ws.id,
      enabled: draft.enabled,
      allowedOrigins: lines.map((l) => l.origin),
      anonymous: draft.anonymous,
      anonymousPerHour: perHour,
      appearance: {
        title: draft.title,
        greeting: draft.greeting,
        color: draft.color,
        position: draft.position,
        theme: draft.theme,
        replyTime: draft.replyTime,
        awayMessage: draft.awayMessage,
      },
    });
  }

  const noOrigins = draft.enabled && draft.origins.trim() === '';
  return (
    <div className="admin-widget-layout">
      <div>
        <form className="stack admin-widget-form" onSubmit={onSubmit} noValidate aria-label="Widget settings">
          <label className="admin-check">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => set({ enabled: e.target.checked })}
            />
            Enable the widget
          </label>
          <TextArea
            label="Allowed origins"
            rows={4}
            spellCheck={false}
            autoCapitalize="off"
            value={draft.origins}
            onChange={(e) => set({ origins: e.target.value })}
            messages={originMessages(error, lineOf)}
            hint={`One per line, e.g. https://app.example.com (scheme, host and port); at most ${MAX_ORIGINS}. Only these pages may show the widget.`}
          />
          {noOrigins ? (
            <p className="admin-widget-warning" role="status">
              The widget is on, but no site may show it yet: add the origin of each site where it should
              appear.
            </p>
          ) : null}
          <label className="admin-check">
            <input
              type="checkbox"
              checked={draft.anonymous}
              onChange={(e) => set({ anonymous: e.target.checked })}
            />
            Allow anonymous visitors
          </label>
          <Field
            label="New anonymous visitors per hour"
            name="anonymousPerHour"
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_PER_HOUR}
            required
            value={draft.perHour}
            onChange={(e) => set({ perHour: e.target.value })}
            error={error}
            hint={`0 to ${MAX_PER_HOUR}. Once this many new anonymous visitors have started chatting within an hour, the next ones are asked to try again later; 0 lets no new ones in. Visitors signed in by your site do not count.`}
          />
          <fieldset className="admin-fieldset">
            <legend>Appearance</legend>
            <Field
              label="Title"
              name="appearance.title"
              required
              maxLength={WIDGET_LIMITS.titleMax}
              value={draft.title}
              onChange={(e) => set({ title: e.target.value })}
              error={error}
            />
            <TextArea
              label="Greeting"
              rows={3}
              maxLength={WIDGET_LIMITS.greetingMax}
              value={draft.greeting}
              onChange={(e) => set({ greeting: e.target.value })}
              messages={error?.fieldErrors['appearance.greeting'] ?? []}
              hint="Optional; shown to visitors above the conversation."
            />
            <Field
              label="Colour"
              name="appearance.color"
              type="color"
              value={draft.color}
              onChange={(e) => set({ color: e.target.value })}
              error={error}
              hint={<code>{draft.color}</code>}
            />
            <SelectField
              label="Position"
              name="appearance.position"
              value={draft.position}
              options={POSITIONS}
              onChange={(e) => set({ position: e.target.value === 'left' ? 'left' : 'right' })}
              error={error}
            />
            <SelectField
              label="Theme"
              name="appearance.theme"
              value={draft.theme}
              options={THEMES}
              onChange={(e) => set({ theme: pick(THEMES, e.target.value, 'visitor') })}
              error={error}
            />
            <SelectField
              label="We typically reply"
              name="appearance.replyTime"
              value={draft.replyTime}
              options={REPLY_TIMES}
              onChange={(e) => set({ replyTime: pick(REPLY_TIMES, e.target.value, 'minutes') })}
              error={error}
            />
            <TextArea
              label="Away message"
              rows={2}
              maxLength={WIDGET_LIMITS.awayMax}
              value={draft.awayMessage}
              onChange={(e) => set({ awayMessage: e.target.value })}
              messages={error?.fieldErrors['appearance.awayMessage'] ?? []}
              hint="Shown while nobody on your team is online, above a field where visitors leave their email."
            />
          </fieldset>
          <div className="row">
            <button type="submit" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Save widget settings'}
            </button>
            <span role="status" className="ok">
              {saved ? 'Widget settings saved.' : ''}
            </span>
          </div>
        </form>
        <FormProblem
          error={error}
          fields={[...FIELDS, ...Object.keys(error?.fieldErrors ?? {}).filter(isOriginKey)]}
        />
      </div>
      <WidgetPreview appearance={draft} />
    </div>
  );
}
