'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { formText } from '@/components/client/form';
import { toShownError } from '@/components/client/errors';
import { RequireSession } from '@/components/client/require-session';
import { trpc } from '@/components/client/trpc';
import { Field, FormError, Loading } from '@/components/ui/field';
import { AccountNav } from './AccountNav';

export function YourWorkspaces() {
  return <RequireSession>{() => <Workspaces />}</RequireSession>;
}

function Workspaces() {
  const router = useRouter();
  const utils = trpc.useUtils();
  const mine = trpc.workspace.listMine.useQuery();
  const create = trpc.workspace.create.useMutation({
    onSuccess: async (ws) => {
      await utils.workspace.listMine.invalidate();
      router.push(`/w/${ws.slug}`);
    },
  });
  const createError = toShownError(create.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const slug = formText(form, 'slug').trim();
    create.mutate({ name: formText(form, 'name'), ...(slug ? { slug } : {}) });
  }

  return (
    <>
      <h1>Your workspaces</h1>
      <AccountNav />
      {mine.isPending ? (
        <Loading what="workspaces" />
      ) : mine.error ? (
        <FormError error={toShownError(mine.error)} />
      ) : mine.data.length === 0 ? (
        <p className="muted">You are not in any workspace yet. Create one below, or accept an invitation.</p>
      ) : (
        <ul aria-label="Workspaces">
          {mine.data.map((w) => (
            <li key={w.id}>
              <Link href={`/w/${w.slug}`}>{w.name}</Link> <span className="muted">({w.role})</span>
              {w.archivedAt ? <span className="muted"> · archived</span> : null}
            </li>
          ))}
        </ul>
      )}

      <section aria-labelledby="create-ws">
        <h2 id="create-ws">Create a workspace</h2>
        <form className="stack" onSubmit={onSubmit} noValidate>
          <FormError error={createError} />
          <Field label="Workspace name" name="name" required error={createError} />
          <Field
            label="Address (optional)"
            name="slug"
            error={createError}
            hint="Used in links: /w/<address>. Made from the name when left empty."
          />
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create workspace'}
          </button>
        </form>
      </section>
    </>
  );
}
