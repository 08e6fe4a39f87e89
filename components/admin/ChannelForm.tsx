'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { formText } from '@/components/client/form';
import { trpc } from '@/components/client/trpc';
import { Field } from '@/components/ui/field';
import { useAdmin } from './admin-context';
import { FormProblem } from './FormProblem';

export function ChannelForm() {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const [created, setCreated] = useState<string | null>(null);
  const create = trpc.channel.create.useMutation({
    onSuccess: async (c) => {
      setCreated(`#${c.name} created.`);
      await utils.channel.list.invalidate();
    },
  });
  const error = toShownError(create.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const topic = formText(form, 'topic').trim();
    setCreated(null);
    create.mutate(
      {
        workspaceId: ws.id,
        name: formText(form, 'name'),
        isPrivate: form.get('isPrivate') === 'on',
        ...(topic ? { topic } : {}),
      },
      { onSuccess: () => formEl.reset() },
    );
  }

  return (
    <section aria-labelledby="new-channel-h">
      <h2 id="new-channel-h">Create a channel</h2>
      <form className="row" onSubmit={onSubmit} noValidate>
        <Field
          label="Channel name"
          name="name"
          required
          error={error}
          hint="Lower-case letters, digits, - and _"
        />
        <Field label="Topic (optional)" name="topic" error={error} />
        <div className="field admin-check">
          <label>
            <input type="checkbox" name="isPrivate" /> Private (members only)
          </label>
        </div>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create channel'}
        </button>
      </form>
      <FormProblem error={error} fields={['name', 'topic']} />
      <p role="status" className="ok">
        {created}
      </p>
    </section>
  );
}
