'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type RouterInputs } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';
import { useAdmin } from '../admin-context';

type SettingsPatch = NonNullable<RouterInputs['workspace']['update']['settings']>;

/** One on/off workspace setting in its own small form: a checkbox, why it matters, and Save. */
export function ToggleSettingForm({
  id,
  title,
  label,
  hint,
  saveLabel,
  value,
  patch,
}: {
  id: string;
  title: string;
  label: string;
  hint: string;
  saveLabel: string;
  value: boolean;
  patch: (on: boolean) => SettingsPatch;
}) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [on, setOn] = useState(value);
  const [saved, setSaved] = useState(false);
  const update = trpc.workspace.update.useMutation({
    onSuccess: () => {
      setSaved(true);
      return Promise.all([utils.workspace.get.invalidate(), utils.workspace.listMine.invalidate()]);
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    update.mutate({ workspaceId: ws.id, settings: patch(on) });
  }

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      <form onSubmit={onSubmit} noValidate>
        <label className="admin-check">
          <input
            type="checkbox"
            name={id}
            checked={on}
            aria-describedby={`${id}-hint`}
            onChange={(e) => {
              setSaved(false);
              setOn(e.target.checked);
            }}
          />
          <span>{label}</span>
        </label>
        <p id={`${id}-hint`} className="muted">
          {hint}
        </p>
        <button type="submit" disabled={update.isPending || on === value}>
          {update.isPending ? 'Saving…' : saveLabel}
        </button>{' '}
        <span role="status" className="ok">
          {saved ? 'Saved.' : ''}
        </span>
      </form>
      <FormError error={toShownError(update.error)} />
    </section>
  );
}
