'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { FormError } from '@/components/ui/field';
import { chatHref, useWorkspace } from './workspace-context';

/** Opens (or finds) a direct conversation with one to seven other members. */
export function NewDirect() {
  const { ws, user } = useWorkspace();
  const router = useRouter();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  // The team only (member.list's default): direct messages with widget visitors are refused.
  const members = trpc.member.list.useQuery({ workspaceId: ws.id }, { enabled: open });
  const start = trpc.channel.openDirect.useMutation({
    onSuccess: async (d) => {
      await utils.channel.listDirect.invalidate({ workspaceId: ws.id });
      setOpen(false);
      router.push(chatHref(ws.slug, d.id));
    },
  });
  const error = toShownError(start.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const userIds = new FormData(e.currentTarget)
      .getAll('userId')
      .filter((v): v is string => typeof v === 'string');
    if (userIds.length > 0) start.mutate({ workspaceId: ws.id, userIds });
  }

  const others = (members.data ?? []).filter((m) => m.userId !== user.id);
  return (
    <details className="sb-form" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>New direct message</summary>
      <form className="stack" onSubmit={onSubmit}>
        <FormError error={error} />
        {members.isPending ? (
          <p role="status" className="muted">
            Loading members…
          </p>
        ) : others.length === 0 ? (
          <p className="muted">Nobody else is here yet.</p>
        ) : (
          <fieldset>
            <legend>With (up to 7)</legend>
            {others.map((m) => (
              <label key={m.userId} className="check">
                <input type="checkbox" name="userId" value={m.userId} /> {m.name}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" disabled={start.isPending || others.length === 0}>
          {start.isPending ? 'Opening…' : 'Open conversation'}
        </button>
      </form>
    </details>
  );
}
