'use client';
import Link from 'next/link';
import { useState } from 'react';
import { LEVEL_WORDS } from '@/shared/notification-prefs';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { FormError, Loading } from '@/components/ui/field';
import { conversationInfo } from './use-conversations';
import { chatHref, useWorkspace } from './workspace-context';

const until = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The conversations that notify the person differently from their defaults, each with a reset. */
export function ConversationOverrides() {
  const { ws, user } = useWorkspace();
  const workspaceId = ws.id;
  const utils = trpc.useUtils();
  const list = trpc.notification.conversationPreferences.useQuery({ workspaceId });
  const channels = trpc.channel.list.useQuery({ workspaceId });
  const directs = trpc.channel.listDirect.useQuery({ workspaceId });
  const reset = trpc.notification.setConversationPreference.useMutation({
    onSuccess: () => utils.notification.conversationPreferences.invalidate({ workspaceId }),
  });
  const nameOf = (id: string) =>
    conversationInfo(id, ws, user.id, { channels: channels.data, directs: directs.data })?.name ??
    'A conversation';
  // Read when the list arrives (an ended mute is no setting of its own).
  const [now] = useState(() => Date.now());
  const shown = (list.data ?? []).filter(
    (o) => o.level !== null || (o.mutedUntil && Date.parse(o.mutedUntil) > now),
  );
  return (
    <section className="notif-section" aria-label="Conversations with their own settings">
      <h3>Conversations with their own settings</h3>
      <FormError error={toShownError(list.error ?? reset.error)} />
      {list.isPending ? (
        <Loading what="conversation settings" />
      ) : shown.length === 0 ? (
        <p className="muted">None: every conversation follows the settings above.</p>
      ) : (
        <ul className="notif-overrides">
          {shown.map((o) => (
            <li key={o.conversationId}>
              <Link href={chatHref(ws.slug, o.conversationId)}>{nameOf(o.conversationId)}</Link>
              {': '}
              {[
                o.level ? LEVEL_WORDS[o.level] : null,
                o.mutedUntil && Date.parse(o.mutedUntil) > now ? `muted until ${until(o.mutedUntil)}` : null,
              ]
                .filter(Boolean)
                .join(', ')}{' '}
              <button
                type="button"
                className="secondary"
                disabled={reset.isPending}
                onClick={() =>
                  reset.mutate({
                    workspaceId,
                    conversationId: o.conversationId,
                    level: null,
                    mutedUntil: null,
                  })
                }
              >
                Reset<span className="sr-only"> {nameOf(o.conversationId)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
