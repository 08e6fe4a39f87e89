'use client';
import Link from 'next/link';
import { useChat } from '@/components/chat/ChatProvider';
import { toShownError } from '@/components/client/errors';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { FormError, Loading } from '@/components/ui/field';
import { conversationInfo } from './use-conversations';
import { chatHref, useWorkspace } from './workspace-context';

type Notification = RouterOutputs['notification']['list'][number];

// One page of the newest: older mentions are in their conversations (and in search).
const LIMIT = 50;

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The person's notifications in this workspace, newest first, each a way to its message: mentions,
 * what a moderator decided on a message they reported, a moderator's warning to them, and a file of
 * theirs that the malware scan blocked.
 */
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
        <p className="muted">
          No notifications yet. When someone mentions you, or a moderator has something to tell you, it shows
          here.
        </p>
      ) : (
        <ul className="notif-list" aria-label="Notifications">
          {list.data.map((n) => {
            const who = (n.actorId && nameOf(n.actorId)) ?? 'Someone';
            const where = placeOf(n.conversationId);
            // Told apart for screen readers, where every row's links read alike.
            const about =
              n.kind === 'report_outcome' || n.kind === 'held_outcome'
                ? 'moderation'
                : n.kind === 'warning'
                  ? 'warning'
                  : n.kind === 'correction'
                    ? 'correction'
                    : n.kind === 'file_blocked'
                      ? 'blocked file'
                      : `${who} in ${where}`;
            const isUnread = n.readAt === null;
            return (
              <li key={n.id} className={isUnread ? 'notif unread' : 'notif'} data-unread={isUnread}>
                <p className="notif-text">
                  {isUnread ? <span className="sr-only">Unread: </span> : null}
                  <NotificationText n={n} who={who} where={where} />
                  <span className="muted">
                    {' · '}
                    <time dateTime={n.createdAt}>{when(n.createdAt)}</time>
                  </span>
                </p>
                <div className="notif-actions">
                  <Link href={chatHref(ws.slug, n.conversationId, n.messageId ?? undefined)}>
                    {n.messageId ? 'Open the message' : `Open ${where}`}
                    <span className="sr-only"> ({about})</span>
                  </Link>
                  {isUnread ? (
                    <button
                      type="button"
                      className="secondary"
                      disabled={mark.isPending}
                      onClick={() => mark.mutate({ workspaceId, ids: [n.id] })}
                    >
                      Mark read
                      <span className="sr-only"> ({about})</span>
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

/** A detail as a sentence: the scan's finding ends without a full stop. */
const sentence = (detail: string | null) =>
  !detail ? 'The malware scan did not let it through.' : /[.!?]$/.test(detail) ? detail : `${detail}.`;

/** What one notification says: who mentioned you where, or the moderator's words. */
function NotificationText({ n, who, where }: { n: Notification; who: string; where: string }) {
  if (n.kind === 'held_outcome')
    return (
      <>
        <strong>Your message in {where}:</strong> {n.detail}
      </>
    );
  if (n.kind === 'file_blocked')
    return (
      <>
        <strong>A file you uploaded in {where} was blocked.</strong> {sentence(n.detail)} Nobody can download
        it.
      </>
    );
  if (n.kind === 'correction')
    return (
      <>
        <strong>An admin corrected your message in {where}.</strong> Reason: {n.detail ?? 'not given'}
      </>
    );
  if (n.kind === 'report_outcome')
    return (
      <>
        <strong>Moderation:</strong> {n.detail ?? 'A moderator reviewed a message you reported.'}
      </>
    );
  if (n.kind === 'warning')
    return (
      <>
        <strong>A moderator warned you:</strong> {n.detail ?? 'see the message.'}
      </>
    );
  return (
    <>
      <strong>{who}</strong> mentioned you in <strong>{where}</strong>
    </>
  );
}
