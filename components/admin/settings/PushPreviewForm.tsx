'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type Workspace } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';
import { useAdmin } from '../admin-context';

/**
 * Whether push notifications may show what was written. A push appears on lock screens and in
 * the system's notification centre, for whoever holds the device to read; off, it says only
 * where and what kind ("New message in #general").
 */
export function PushPreviewForm({ settings }: { settings: Workspace['settings']['notifications'] }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [preview, setPreview] = useState(settings.pushPreview);
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
    update.mutate({ workspaceId: ws.id, settings: { notifications: { pushPreview: preview } } });
  }

  return (
    <section aria-labelledby="push-preview-h">
      <h2 id="push-preview-h">Push notifications</h2>
      <form onSubmit={onSubmit} noValidate>
        <label className="admin-check">
          <input
            type="checkbox"
            name="pushPreview"
            checked={preview}
            aria-describedby="push-preview-hint"
            onChange={(e) => {
              setSaved(false);
              setPreview(e.target.checked);
            }}
          />
          <span>Show message text in push notifications</span>
        </label>
        <p id="push-preview-hint" className="muted">
          Push notifications show on lock screens, where anyone holding the device can read them. Off, they
          say only where something happened, like “New message in #general”.
        </p>
        <button type="submit" disabled={update.isPending || preview === settings.pushPreview}>
          {update.isPending ? 'Saving…' : 'Save push settings'}
        </button>{' '}
        <span role="status" className="ok">
          {saved ? 'Saved.' : ''}
        </span>
      </form>
      <FormError error={toShownError(update.error)} />
    </section>
  );
}
