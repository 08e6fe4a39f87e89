'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';
import { useAdmin } from '../admin-context';

/**
 * The owner's way to archive the workspace (everything stays readable, nobody can post) or bring
 * it back. Archiving asks for the workspace's name, as a deliberate step nobody takes by accident.
 */
export function ArchiveWorkspace({ archived }: { archived: boolean }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [typed, setTyped] = useState('');
  const [asking, setAsking] = useState(false);
  const archive = trpc.workspace.archive.useMutation({
    onSuccess: () => {
      setAsking(false);
      setTyped('');
      return Promise.all([utils.workspace.get.invalidate(), utils.workspace.listMine.invalidate()]);
    },
  });
  const error = toShownError(archive.error);

  if (ws.role !== 'owner')
    return (
      <section aria-labelledby="archive-h">
        <h2 id="archive-h">Archive the workspace</h2>
        <p className="muted">Only an owner of {ws.name} can archive it.</p>
      </section>
    );

  if (archived)
    return (
      <section aria-labelledby="archive-h" className="danger-zone">
        <h2 id="archive-h">This workspace is archived</h2>
        <p>
          Everything in it stays readable, and nobody can post, invite or change settings until it is
          restored.
        </p>
        <button
          type="button"
          disabled={archive.isPending}
          onClick={() => archive.mutate({ workspaceId: ws.id, archived: false })}
        >
          {archive.isPending ? 'Restoring…' : 'Restore the workspace'}
        </button>
        <FormError error={error} />
      </section>
    );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (typed.trim() === ws.name) archive.mutate({ workspaceId: ws.id, archived: true });
  }
  const matches = typed.trim() === ws.name;
  return (
    <section aria-labelledby="archive-h" className="danger-zone">
      <h2 id="archive-h">Archive the workspace</h2>
      <p>
        Archiving keeps every conversation readable but stops all posting, invitations and changes, for
        everyone. An owner can restore it at any time.
      </p>
      {asking ? (
        <form onSubmit={onSubmit} aria-label="Confirm archiving" noValidate>
          <label htmlFor="archive-name">
            Type <strong>{ws.name}</strong> to confirm
          </label>
          <input
            id="archive-name"
            value={typed}
            autoComplete="off"
            autoFocus
            onChange={(e) => setTyped(e.target.value)}
          />
          <div className="row">
            <button type="submit" className="danger" disabled={!matches || archive.isPending}>
              {archive.isPending ? 'Archiving…' : `Archive ${ws.name}`}
            </button>
            <button type="button" onClick={() => (setAsking(false), setTyped(''))}>
              Cancel
            </button>
          </div>
          <FormError error={error} />
        </form>
      ) : (
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          Archive workspace…
        </button>
      )}
    </section>
  );
}
