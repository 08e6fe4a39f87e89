'use client';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSocket, type ChatSocket } from '../client/socket-store';
import { trpc, type Member } from '../client/trpc';
import { ChatEngine } from './engine';
import type { FileAuth } from './file-http';
import type { NameOf } from './Markdown';
import { usePresence, type Presence } from './use-presence';

export interface ChatContextValue {
  engine: ChatEngine;
  workspaceId: string;
  workspaceSlug: string;
  userId: string;
  /** Current members, widget visitors included (their messages need names); pickers leave them out. */
  members: readonly Member[];
  nameOf: NameOf;
  /** The avatar colour a person chose (null or undefined: the one from their id). */
  colourOf: (userId: string) => string | null | undefined;
  /** Where a conversation (optionally at a message) lives in this app. */
  hrefOf: (conversationId: string, messageId?: string) => string;
  /**
   * A widget visitor's chat: a customer, not a teammate. No pins, threads, Markdown preview or
   * mention help, and people it cannot name are "the team", never "someone".
   */
  forVisitor: boolean;
  /** Who an unknown id is in typing and read marks. */
  unknownName: string;
  /** How uploads and downloads authenticate: the page's cookie, or the widget's bearer token. */
  fileAuth: FileAuth;
}

const ChatContext = createContext<ChatContextValue | null>(null);
type PresenceOf = (userId: string) => Presence | undefined;
const noPresence: PresenceOf = () => undefined;
const PresenceContext = createContext<PresenceOf>(noPresence);

/** A person's presence, live; undefined in a visitor's chat, which does not see the team's. */
export const usePresenceOf = () => useContext(PresenceContext);

export function useChat(): ChatContextValue {
  const v = useContext(ChatContext);
  if (!v) throw new Error('useChat outside ChatProvider');
  return v;
}

const NO_MEMBERS: readonly Member[] = [];

/** A person the caller may see by name (widget visitors cannot list members). */
export interface Person {
  userId: string;
  name: string;
  avatarColour?: string | null;
}

// Chat components read only the id and name of a member (mentions, names); the rest are placeholders.
const asMember = (p: Person): Member => ({
  userId: p.userId,
  name: p.name,
  avatarColour: p.avatarColour ?? null,
  email: null,
  role: 'guest',
  visitor: false,
  joinedAt: '1970-01-01T00:00:00.000Z',
  online: false,
  status: 'offline',
  statusText: null,
  lastSeenAt: null,
  quarantinedUntil: null,
});

/**
 * One chat engine per user and workspace, bound to the page's socket (or the caller's own). It also
 * keeps the sidebar's unread/mention badges current: read states are refetched (debounced) on
 * message, read and notification events, and updated in place from our own read marks.
 */
export function ChatProvider({
  workspaceId,
  workspaceSlug,
  userId,
  hrefOf,
  socket: ownSocket,
  people,
  token = null,
  children,
}: {
  workspaceId: string;
  workspaceSlug: string;
  userId: string;
  hrefOf: (conversationId: string, messageId?: string) => string;
  /** A connection of the caller's own (the widget's bearer session); even null replaces the page's. */
  socket?: ChatSocket | null;
  /**
   * The people to name instead of `member.list` (which widget visitors may not call); it also turns
   * off the channel-list refreshes they may not make. Keep it stable (memoised) between renders.
   */
  people?: readonly Person[];
  /** The widget session's bearer token, for file uploads and downloads (no cookie reaches it). */
  token?: string | null;
  children: ReactNode;
}) {
  const utils = trpc.useUtils();
  // Always called, so the hook order is the same with or without a socket of the caller's own.
  const pageSocket = useSocket();
  const socket = ownSocket === undefined ? pageSocket : ownSocket;
  const visitor = people !== undefined;
  const client = utils.client;
  // Built on first use in the browser; a new one per user/workspace (its outbox is keyed by both).
  const [engine, setEngine] = useState(() => new ChatEngine(workspaceId, userId, client));
  if (engine.workspaceId !== workspaceId || engine.userId !== userId) {
    setEngine(new ChatEngine(workspaceId, userId, client));
  }
  useEffect(() => {
    engine.attach(socket);
    return () => engine.detach();
  }, [engine, socket]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) return;
      // Bursts of events (a busy channel) cost one refetch.
      timer = setTimeout(() => {
        timer = null;
        void utils.read.states.invalidate({ workspaceId });
      }, 400);
    };
    const off = engine.onActivity((a) => {
      if (a.type === 'readState') {
        utils.read.states.setData({ workspaceId }, (prev) =>
          prev
            ? prev.some((s) => s.conversationId === a.state.conversationId)
              ? prev.map((s) => (s.conversationId === a.state.conversationId ? a.state : s))
              : [...prev, a.state]
            : prev,
        );
      } else if (a.type === 'read') {
        if (a.userId === userId) refresh();
      } else if (a.type === 'message') {
        if (a.authorId !== userId) refresh();
      } else {
        refresh();
        if (a.type === 'synced' && !visitor) {
          void utils.channel.listDirect.invalidate({ workspaceId });
          void utils.channel.list.invalidate({ workspaceId });
        }
      }
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [engine, utils, workspaceId, userId, visitor]);

  useEffect(() => {
    if (!socket || visitor) return;
    const onChannel = (p: { workspaceId: string }) => {
      if (p.workspaceId === workspaceId) void utils.channel.list.invalidate({ workspaceId });
    };
    // A conversation now in our lists: a direct one someone opened with us, or (staff) a new record
    // or visitor conversation. List it (and join its room, via the sidebar).
    const onNew = (p: { workspaceId: string; kind: string; subjectType?: string }) => {
      if (p.workspaceId !== workspaceId) return;
      if (p.kind === 'subject')
        void utils.channel.listBySubject.invalidate({ workspaceId, type: p.subjectType ?? '' });
      else void utils.channel.listDirect.invalidate({ workspaceId });
    };
    socket.on('channel:updated', onChannel);
    socket.on('conversation:new', onNew);
    return () => {
      socket.off('channel:updated', onChannel);
      socket.off('conversation:new', onNew);
    };
  }, [socket, utils, workspaceId, visitor]);

  const members = trpc.member.list.useQuery({ workspaceId, includeVisitors: true }, { enabled: !visitor });
  const presenceOf = usePresence(visitor ? null : socket, members.data ?? NO_MEMBERS);
  const value = useMemo<ChatContextValue>(() => {
    const list = people ? people.map(asMember) : (members.data ?? NO_MEMBERS);
    const names = new Map(list.map((m) => [m.userId, m.name]));
    const colours = new Map(list.map((m) => [m.userId, m.avatarColour]));
    return {
      engine,
      workspaceId,
      workspaceSlug,
      userId,
      members: list,
      nameOf: (id) => names.get(id),
      colourOf: (id) => colours.get(id),
      hrefOf,
      forVisitor: visitor,
      unknownName: visitor ? 'The team' : 'Someone',
      fileAuth: { token },
    };
  }, [engine, workspaceId, workspaceSlug, userId, people, members.data, hrefOf, visitor, token]);

  // Its own context: a presence change re-renders what shows presence, not every chat component.
  return (
    <ChatContext.Provider value={value}>
      <PresenceContext.Provider value={visitor ? noPresence : presenceOf}>
        {children}
      </PresenceContext.Provider>
    </ChatContext.Provider>
  );
}
