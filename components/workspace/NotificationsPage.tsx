'use client';
import Link from 'next/link';
import { useChat } from '@/components/chat/ChatProvider';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { FormError, Loading } from '@/components/ui/field';
import { conversationInfo } from './use-conversations';
import { chatHref, useWorkspace } from './workspace-context';

// One page of the newest: older mentions are in their conversations (and in search).
const LIMIT = 50;

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The person's notifications in this workspace (mentions), newest first, each a way to its message. */
export function NotificationsPage() {
  const { ws, user } = useWorkspace();
  const { nameOf } = useChat();
  const workspaceId = ws.id;
  const utils = trpc.useUtils();
  const list = trpc.notification.list.useQuery({ workspaceId, unreadOnly: false, limit: LIMIT });
  // The sidebar's listings (already cached) name the conversations.
  const channels = trpc.channel.list.useQuery({ workspaceId });
  const directs = trpc.channel.listDirect.useQuery({ workspaceId });
  const mark = trpc.notification.markRead.useMutation({
    onSettled: () => utils.notification.list.invalidate({ workspaceId }),
  });
  const unread = list.data?.filter((n) => n.readAt === null).length ?? 0;
  const placeOf = (conversationId: string) =>
    conversationInfo(conversationId, ws, user.id, { channels: channels.data, directs: directs.data })?.name ??
    'a conversation';

  return (
    <div className="pane notifications">
      <div className="notif-head">
        <h2>Notifications</h2>
        {unread > 0 ? (
          <button
            type="button"
            className="secondary"
            disabled={mark.isPending}
            onClick={() => mark.mutate({ workspaceId })}
          >
            Mark all read
          </button>
        ) : null}
      </div>
      <FormError error={toShownError(mark.error)} />
      {list.isPending ? (
        <Loading what="notifications" />
      ) : list.error ? (
        <FormError error={toShownError(list.error)} />
      ) : list.data.length === 0 ? (
        <p className="muted">No notifications yet. When someone mentions you, it shows here.</p>
      ) : (
        <ul className="notif-list" aria-label="Notifications">
          {list.data.map((n) => {
            const who = (n.actorId && nameOf(n.actorId)) ?? 'Someone';
            const where = placeOf(n.conversationId);
            const isUnread = n.readAt === null;
            return (
              <li key={n.id} className={isUnread ? 'notif unread' : 'notif'} data-unread={isUnread}>
                <p className="notif-text">
                  {isUnread ? <span className="sr-only">Unread: </span> : null}
                  <strong>{who}</strong> mentioned you in <strong>{where}</strong>
                  <span className="muted">
                    {' · '}
                    <time dateTime={n.createdAt}>{when(n.createdAt)}</time>
                  </span>
                </p>
                <div className="notif-actions">
                  <Link href={chatHref(ws.slug, n.conversationId, n.messageId)}>
                    Open the message
                    <span className="sr-only">
                      {' '}
                      ({who} in {where})
                    </span>
                  </Link>
                  {isUnread ? (
                    <button
                      type="button"
                      className="secondary"
                      disabled={mark.isPending}
                      onClick={() => mark.mutate({ workspaceId, ids: [n.id] })}
                    >
                      Mark read
                      <span className="sr-only">
                        {' '}
                        ({who} in {where})
                      </span>
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
