'use client';
import { useRouter, useSearchParams } from 'next/navigation';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { ConversationView, type ConversationInfo } from '@/components/chat/ConversationView';
import { FormError, Loading } from '@/components/ui/field';
import { composerNotice, useLockdown } from '@/components/client/lockdown';
import { can } from '@/shared/roles';
import { GettingStarted } from './GettingStarted';
import { EditChannel } from './EditChannel';
import { conversationInfo, useConversations } from './use-conversations';
import { useThreadParam } from './use-thread-param';
import { useWorkspace } from './workspace-context';

/**
 * The chat pane for a conversation id from the route (or the default one: #general, else the first).
 * `?m=<messageId>` opens the conversation at that message; `?thread=<rootId>` opens a thread.
 */
export function ChatPage({ conversationId }: { conversationId: string | null }) {
  const { ws, user } = useWorkspace();
  const convs = useConversations();
  const search = useSearchParams();
  const router = useRouter();
  const utils = trpc.useUtils();
  const highlightId = search.get('m');
  const { threadId, onThread } = useThreadParam();
  const writeNotice = composerNotice(useLockdown(ws.id));

  const join = trpc.channel.join.useMutation({
    onSuccess: () => utils.channel.list.invalidate({ workspaceId: ws.id }),
  });
  const leave = trpc.channel.leave.useMutation({
    onSuccess: async () => {
      await utils.channel.list.invalidate({ workspaceId: ws.id });
      router.push(`/w/${ws.slug}`);
    },
  });
  // Opening a record conversation by its subject joins it (how staff answer a widget visitor).
  const joinSubject = trpc.channel.getOrCreateBySubject.useMutation({
    onSuccess: () =>
      Promise.all([
        utils.channel.listBySubject.invalidate({ workspaceId: ws.id }),
        utils.read.states.invalidate({ workspaceId: ws.id }),
      ]),
  });

  const id = conversationId ?? convs.defaultId;
  if (!id) {
    if (convs.channels.isPending || convs.directs.isPending) return <Loading what="conversations" />;
    if (convs.channels.error) return <FormError error={toShownError(convs.channels.error)} />;
    return (
      <section className="chat-empty">
        <h2>No conversations yet</h2>
        <p className="muted">
          {can(ws.role, 'channel.create')
            ? 'Create a channel or start a direct message from the sidebar.'
            : 'You are a guest here: you see the channels you are added to. Start a direct message from the sidebar, or ask a member to add you to a channel.'}
        </p>
      </section>
    );
  }

  const subjects = [...(convs.records.data ?? []), ...(convs.visitors.data ?? [])];
  const known = conversationInfo(id, ws, user.id, {
    channels: convs.channels.data,
    directs: convs.directs.data,
    records: subjects,
  });
  // (A disabled listing stays pending without loading: `isLoading` is only true while it loads.)
  if (
    !known &&
    (convs.channels.isPending ||
      convs.directs.isPending ||
      convs.records.isLoading ||
      convs.visitors.isLoading)
  )
    return <Loading what="the conversation" />;
  // Not in any listing (a record of another type, or a link from elsewhere): the server decides.
  const info: ConversationInfo = known ?? {
    id,
    title: 'Conversation',
    name: 'this conversation',
    isMember: true,
    archived: false,
    canModerate: can(ws.role, 'channel.manage'),
    canCorrect: can(ws.role, 'message.correct'),
  };
  const channel = convs.channels.data?.find((c) => c.id === id);
  const subject = channel ? undefined : subjects.find((r) => r.id === id);
  const busy = join.isPending || leave.isPending || joinSubject.isPending;
  // Guests see only what they were added to; everyone else may join public and record conversations.
  const canJoin = can(ws.role, 'channel.join');
  const joinThisSubject = () => {
    if (subject) joinSubject.mutate({ workspaceId: ws.id, subject: subject.subject });
  };

  const mayEdit = channel && (can(ws.role, 'channel.manage') || channel.myRole === 'moderator');
  const actions = channel ? (
    <>
      {mayEdit ? <EditChannel key={channel.id} channel={channel} /> : null}
      {channel.myRole === null && canJoin ? (
        <button
          type="button"
          disabled={busy}
          onClick={() => join.mutate({ workspaceId: ws.id, channelId: id })}
        >
          Join channel
        </button>
      ) : null}
      {channel.myRole !== null && !channel.isDefault ? (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => leave.mutate({ workspaceId: ws.id, channelId: id })}
        >
          Leave channel
        </button>
      ) : null}
      <FormError error={toShownError(join.error ?? leave.error)} />
    </>
  ) : subject && !subject.joined && canJoin ? (
    <>
      <button type="button" disabled={busy} onClick={joinThisSubject}>
        Join conversation
      </button>
      <FormError error={toShownError(joinSubject.error)} />
    </>
  ) : null;

  return (
    <>
      {channel?.isDefault ? <GettingStarted /> : null}
      <ConversationView
        key={id}
        info={info}
        escapeToComposer
        highlightId={highlightId}
        threadId={threadId}
        onThread={onThread}
        actions={actions}
        writeNotice={writeNotice ? <p className="muted">{writeNotice}</p> : undefined}
        notMemberNotice={
          channel && canJoin ? (
            <p className="muted">
              You are reading #{channel.name}.{' '}
              <button
                type="button"
                className="link-btn"
                disabled={busy}
                onClick={() => join.mutate({ workspaceId: ws.id, channelId: id })}
              >
                Join it
              </button>{' '}
              to post.
            </p>
          ) : subject && canJoin ? (
            <p className="muted">
              You are reading this conversation.{' '}
              <button type="button" className="link-btn" disabled={busy} onClick={joinThisSubject}>
                Join it
              </button>{' '}
              to reply.
            </p>
          ) : undefined
        }
      />
    </>
  );
}
