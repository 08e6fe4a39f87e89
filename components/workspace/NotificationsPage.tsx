'use client';
import Link from 'next/link';
import { useChat } from '@/components/chat/ChatProvider';
import { toShownError } from '@/components/client/errors';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { FormError, Loading } from '@/components/ui/field';
import { PushToggle } from './PushToggle';
import { filePageHref } from '@/components/chat/file-http';
import { SharedFileText, useSharedFileNames } from './SharedFileNotice';
import { conversationInfo } from './use-conversations';
import { chatHref, useWorkspace } from './workspace-context';

type Notification = RouterOutputs['notification']['list'][number];

// One page of the newest: older mentions are in their conversations (and in search).
const LIMIT = 50;

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The person's notifications in this workspace, newest first, each a way to its message: mentions,
 * what a moderator decided on a message they reported, a moderator's warning to them, a file of
 * theirs that the malware scan blocked, and a file someone shared with them (to the file's page).
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
  const shared = useSharedFileNames(workspaceId, list.data?.some((n) => n.kind === 'file_shared') ?? false);
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
        <Link href={`/w/${ws.slug}/notifications/settings`} className="notif-settings-link">
          Settings
        </Link>
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
      <PushToggle />
      <FormError error={toShownError(mark.error)} />
      {list.isPending ? (
        <Loading what="notifications" />
      ) : list.error ? (
        <FormError error={toShownError(list.error)} />
      ) : list.data.length === 0 ? (
        <p className="muted">
          No notifications yet. Mentions, replies in your threads, direct messages, and anything a moderator
          has to tell you show here. Choose what notifies you in Settings.
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
                      : n.kind === 'file_shared'
                        ? `file shared by ${who}`
                        : `${who} in ${where}`;
            const isUnread = n.readAt === null;
            return (
              <li key={n.id} className={isUnread ? 'notif unread' : 'notif'} data-unread={isUnread}>
                <p className="notif-text">
                  {isUnread ? <span className="sr-only">Unread: </span> : null}
                  {n.kind === 'file_shared' ? (
                    <SharedFileText who={who} name={shared.nameOf(n.fileId)} loading={shared.loading} />
                  ) : (
                    <NotificationText n={n} who={who} where={where} />
                  )}
                  <span className="muted">
                    {' · '}
                    <time dateTime={n.createdAt}>{when(n.createdAt)}</time>
                  </span>
                </p>
                <div className="notif-actions">
                  <Link
                    href={
                      n.kind === 'file_shared' && n.fileId
                        ? filePageHref(ws.slug, n.fileId)
                        : chatHref(ws.slug, n.conversationId, n.messageId ?? undefined)
                    }
                  >
                    {n.kind === 'file_shared'
                      ? 'Open the file'
                      : n.messageId
                        ? 'Open the message'
                        : `Open ${where}`}
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
  if (n.kind === 'reply')
    return (
      <>
        <strong>{who}</strong> replied in a thread you are in, in <strong>{where}</strong>
      </>
    );
  if (n.kind === 'direct')
    return (
      <>
        <strong>{who}</strong> sent you a message in <strong>{where}</strong>
      </>
    );
  if (n.kind === 'message')
    return (
      <>
        <strong>{who}</strong> wrote in <strong>{where}</strong>
      </>
    );
  if (n.kind === 'added')
    return (
      <>
        <strong>{who}</strong> added you to <strong>{where}</strong>
      </>
    );
  return (
    <>
      <strong>{who}</strong> mentioned you in <strong>{where}</strong>
    </>
  );
}
