'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import type { Channel } from '@/components/chat/types';
import { FormError } from '@/components/ui/field';
import { can } from '@/shared/roles';
import { chatHref, useWorkspace } from './workspace-context';

/** Public channels the caller is not in: readable now, joinable with one click. */
export function MoreChannels({ channels }: { channels: Channel[] }) {
  const { ws } = useWorkspace();
  const utils = trpc.useUtils();
  const router = useRouter();
  // Joining is for reading and writing there: the channel opens at once.
  const join = trpc.channel.join.useMutation({
    onSuccess: async (c) => {
      await utils.channel.list.invalidate({ workspaceId: ws.id });
      router.push(chatHref(ws.slug, c.id));
    },
  });
  if (channels.length === 0 || !can(ws.role, 'channel.join')) return null;
  return (
    <details className="sb-form">
      <summary>Browse channels ({channels.length})</summary>
      <FormError error={toShownError(join.error)} />
      <ul className="more-channels">
        {channels.map((c) => (
          <li key={c.id}>
            <Link href={chatHref(ws.slug, c.id)}>#{c.name}</Link>
            <button
              type="button"
              className="secondary small"
              disabled={join.isPending}
              onClick={() => join.mutate({ workspaceId: ws.id, channelId: c.id })}
            >
              Join<span className="sr-only"> #{c.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
