'use client';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { RealtimeStateProvider, type ChatSocket } from '../client/socket-store';
import { trpc } from '../client/trpc';
import { ChatProvider } from '../chat/ChatProvider';
import { ConversationView } from '../chat/ConversationView';
import { CONVERSATION_LIST_ID, ConversationList } from './ConversationList';
import type { Appearance, FrameMessage, Team } from './frame-bridge';
import type { OpenRequest } from './host-state';
import type { WidgetSession } from './session';
import { useForwardMessages } from './use-forward-messages';
import { useShownConversation } from './use-shown-conversation';
import { useVisitorConversations } from './use-visitor-conversations';
import { useVisitorSocket, type SocketState } from './visitor-socket';
import { AwayEmail } from './AwayEmail';
import { WidgetHeader } from './WidgetHeader';
import { Connecting, SessionError } from './WidgetStatus';

interface PanelProps {
  appearance: Appearance;
  /** The host shows the panel: only then is a conversation rendered (and marked read). */
  visible: boolean;
  openRequest: OpenRequest | null;
  /** The host page's URL, as the host last said. */
  page: string | null;
  highlight: { conversationId: string | null; messageId: string | null };
  post: (m: FrameMessage) => void;
  onClose: () => void;
}

/** A signed-in visitor's chat: its own socket and chat engine, named by the widget's people list. */
export function VisitorChat({
  workspace,
  session,
  onLost,
  ...panel
}: PanelProps & { workspace: string; session: WidgetSession; onLost: () => void }) {
  const { socket, state } = useVisitorSocket(session.token);
  useEffect(() => {
    if (state === 'ended') onLost();
  }, [state, onLost]);

  const { workspaceId } = session;
  const { userId, name } = session.visitor;
  const people = trpc.widget.people.useQuery({ workspaceId });
  // Who is online changes slowly for a visitor's purposes: every minute, and on each opening.
  const team = trpc.widget.team.useQuery({ workspaceId }, { refetchInterval: 60_000 });
  const refetchTeam = team.refetch;
  useEffect(() => {
    if (panel.visible) void refetchTeam();
  }, [panel.visible, refetchTeam]);
  // The visitor is listed only once in a conversation; its own pending messages need its name first.
  const named = useMemo(() => {
    const list = people.data ?? [];
    return list.some((p) => p.userId === userId) ? list : [...list, { userId, name, avatarColour: null }];
  }, [people.data, userId, name]);
  // Links to a message (pinned messages) stay in the frame and scroll to it.
  const hrefOf = useCallback(
    (c: string, m?: string) =>
      `/widget?${new URLSearchParams({ workspace, c, ...(m ? { m } : {}) }).toString()}`,
    [workspace],
  );

  return (
    <ChatProvider
      workspaceId={workspaceId}
      workspaceSlug={workspace}
      userId={userId}
      hrefOf={hrefOf}
      socket={socket}
      people={named}
      token={session.token}
    >
      {/* The shared chat components read the connection state from this context. */}
      <RealtimeStateProvider value={state === 'ended' ? 'disconnected' : state}>
        <VisitorPanel
          {...panel}
          socket={socket}
          connection={state}
          team={team.data ?? null}
          workspaceId={workspaceId}
        />
      </RealtimeStateProvider>
    </ChatProvider>
  );
}

function VisitorPanel({
  appearance,
  visible,
  openRequest,
  page,
  highlight,
  post,
  onClose,
  socket,
  connection,
  team,
  workspaceId,
}: PanelProps & { socket: ChatSocket; connection: SocketState; team: Team | null; workspaceId: string }) {
  const list = useVisitorConversations(post);
  useForwardMessages(socket, post);
  const shown = useShownConversation({ openRequest, visible, page, post });
  const [listOpen, setListOpen] = useState(false);
  const [thread, setThread] = useState<{ conv: string; id: string } | null>(null);

  const conversations = list.data ?? [];
  const opened = shown.conversation;
  // The listing has the current title and counts; the opened copy serves until it arrives.
  const current = opened ? (conversations.find((c) => c.id === opened.id) ?? opened) : null;
  const currentId = current?.id ?? null;
  const threadId = thread && thread.conv === currentId ? thread.id : null;
  const onThread = useCallback(
    (id: string | null) => setThread(id && currentId ? { conv: currentId, id } : null),
    [currentId],
  );
  const canList = conversations.length > 1;
  const showList = listOpen && canList;

  let body: ReactNode;
  // Closed: nothing heavy is rendered (the engine keeps rooms and counts current meanwhile).
  if (!visible) body = null;
  else if (showList)
    body = (
      <ConversationList
        conversations={conversations}
        currentId={currentId}
        onPick={(c) => {
          shown.pick(c);
          setListOpen(false);
        }}
      />
    );
  else if (shown.error)
    body =
      shown.error.code === 'FORBIDDEN' ? (
        <div className="widget-error" role="alert">
          <p>This conversation isn&apos;t available to you.</p>
        </div>
      ) : (
        <SessionError code={shown.error.code} message={shown.error.message} onRetry={shown.retry} />
      );
  else if (current)
    body = (
      <ConversationView
        key={current.id}
        info={{
          id: current.id,
          title: current.title,
          name: current.title,
          isMember: true,
          archived: false,
          canModerate: false,
        }}
        highlightId={highlight.conversationId === current.id ? highlight.messageId : null}
        threadId={threadId}
        onThread={onThread}
      />
    );
  else body = <Connecting />;

  return (
    <div className="widget">
      <WidgetHeader
        appearance={appearance}
        onClose={onClose}
        team={team}
        actions={
          canList ? (
            <button
              type="button"
              aria-expanded={showList}
              aria-controls={showList ? CONVERSATION_LIST_ID : undefined}
              onClick={() => setListOpen((o) => !o)}
            >
              All conversations
            </button>
          ) : null
        }
      />
      <p className={`widget-conn${connection === 'reconnecting' ? '' : ' conn-hidden'}`} role="status">
        {connection === 'reconnecting'
          ? 'Reconnecting… Messages you write are sent when the connection returns.'
          : null}
      </p>
      {visible && team && !team.online ? <AwayEmail workspaceId={workspaceId} /> : null}
      {body}
    </div>
  );
}
