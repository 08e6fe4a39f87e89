'use client';
import { useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { formText } from '@/components/client/form';
import { trpc, type Workspace } from '@/components/client/trpc';
import { Field } from '@/components/ui/field';
import { DUPLICATE_REPEATS, DUPLICATE_WINDOW_SECONDS, LONG_REPEAT_CHARS, REPLY_DEPTH } from '@/shared/limits';
import { useAdmin } from './admin-context';
import { FormProblem } from './FormProblem';

type Settings = Workspace['settings'];
// Each setting with the server's bounds, checked here too so errors appear at the field.
const SETTINGS = {
  replyDepth: {
    label: 'Reply depth limit',
    bounds: REPLY_DEPTH,
    hint: '1 allows replies to top-level messages only.',
  },
  duplicateWindowSeconds: {
    label: 'Duplicate window (seconds)',
    bounds: DUPLICATE_WINDOW_SECONDS,
    hint: 'repeats of the same text from the same person within it are refused. 0 turns it off.',
  },
  duplicateRepeats: {
    label: 'Identical messages allowed in the window',
    bounds: DUPLICATE_REPEATS,
    hint: `2 lets a second "ok" through and refuses a third; texts of ${LONG_REPEAT_CHARS} characters or more are let through once.`,
  },
} as const;
type Name = keyof typeof SETTINGS;
const FIELDS = Object.keys(SETTINGS) as Name[];

/**
 * Checks the numbers before sending: the server reports nested settings under one `settings` key,
 * which could not say which of the two fields is wrong.
 */
function check(values: Record<Name, string>): { settings?: Settings; error?: ShownError } {
  const fieldErrors: Record<string, string[]> = {};
  const out: Partial<Settings> = {};
  for (const f of FIELDS) {
    const { min, max } = SETTINGS[f].bounds;
    const n = Number(values[f]);
    if (values[f].trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      fieldErrors[f] = [`A whole number from ${min} to ${max}`];
    } else out[f] = n;
  }
  if (Object.keys(fieldErrors).length) return { error: { message: '', fieldErrors } };
  return { settings: out as Settings };
}

export function MessageSettingsForm({ settings }: { settings: Settings }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [local, setLocal] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const update = trpc.workspace.update.useMutation({
    onSuccess: () => {
      setSaved(true);
      return Promise.all([utils.workspace.get.invalidate(), utils.workspace.listMine.invalidate()]);
    },
  });
  const error = local ?? toShownError(update.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const r = check({
      replyDepth: formText(form, 'replyDepth'),
      duplicateWindowSeconds: formText(form, 'duplicateWindowSeconds'),
      duplicateRepeats: formText(form, 'duplicateRepeats'),
    });
    setSaved(false);
    setLocal(r.error ?? null);
    if (r.settings) update.mutate({ workspaceId: ws.id, settings: r.settings });
  }

  return (
    <section aria-labelledby="msg-settings-h">
      <h2 id="msg-settings-h">Messages</h2>
      <form className="row" onSubmit={onSubmit} noValidate>
        {FIELDS.map((name) => {
          const { label, bounds, hint } = SETTINGS[name];
          return (
            <Field
              key={name}
              label={label}
              name={name}
              type="number"
              inputMode="numeric"
              min={bounds.min}
              max={bounds.max}
              required
              defaultValue={settings[name]}
              error={error}
              hint={`${bounds.min} to ${bounds.max}; ${hint}`}
            />
          );
        })}
        <button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save message settings'}
        </button>
        <span role="status" className="ok">
          {saved ? 'Saved.' : ''}
        </span>
      </form>
      <FormProblem error={error} fields={FIELDS} />
    </section>
  );
}
