'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { formText } from '@/components/client/form';
import { trpc } from '@/components/client/trpc';
import { Field, FormError } from '@/components/ui/field';
import { can } from '@/shared/roles';
import { chatHref, useWorkspace } from './workspace-context';

export function NewChannel() {
  const { ws } = useWorkspace();
  const router = useRouter();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const create = trpc.channel.create.useMutation({
    onSuccess: async (c) => {
      await utils.channel.list.invalidate({ workspaceId: ws.id });
      setOpen(false);
      router.push(chatHref(ws.slug, c.id));
    },
  });
  const error = toShownError(create.error);
  if (!can(ws.role, 'channel.create')) return null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const topic = formText(form, 'topic').trim();
    create.mutate({
      workspaceId: ws.id,
      name: formText(form, 'name'),
      isPrivate: form.get('isPrivate') === 'on',
      ...(topic ? { topic } : {}),
    });
  }

  return (
    <details className="sb-form" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>New channel</summary>
      <form className="stack" onSubmit={onSubmit} noValidate>
        <FormError error={error} />
        <Field label="Channel name" name="name" required error={error} autoComplete="off" />
        <Field label="Topic (optional)" name="topic" error={error} autoComplete="off" />
        <label className="check">
          <input type="checkbox" name="isPrivate" /> Private
        </label>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create channel'}
        </button>
      </form>
    </details>
  );
}
