'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { formText } from '@/components/client/form';
import { trpc } from '@/components/client/trpc';
import { Field } from '@/components/ui/field';
import { useAdmin } from './admin-context';
import { FormProblem } from './FormProblem';

export function WorkspaceNameForm({ name }: { name: string }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [saved, setSaved] = useState(false);
  const update = trpc.workspace.update.useMutation({
    onSuccess: () => {
      setSaved(true);
      return Promise.all([utils.workspace.get.invalidate(), utils.workspace.listMine.invalidate()]);
    },
  });
  const error = toShownError(update.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    update.mutate({ workspaceId: ws.id, name: formText(new FormData(e.currentTarget), 'name') });
  }

  return (
    <section aria-labelledby="ws-name-h">
      <h2 id="ws-name-h">Workspace</h2>
      <form className="row" onSubmit={onSubmit} noValidate>
        <Field label="Workspace name" name="name" required defaultValue={name} error={error} />
        <button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save name'}
        </button>
        <span role="status" className="ok">
          {saved ? 'Saved.' : ''}
        </span>
      </form>
      <FormProblem error={error} fields={['name']} />
    </section>
  );
}
