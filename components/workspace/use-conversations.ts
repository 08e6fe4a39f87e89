'use client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { trpc } from '@/components/client/trpc';
import { useChat } from '@/components/chat/ChatProvider';
import type { ConversationInfo } from '@/components/chat/ConversationView';
import type { Channel, Direct, SubjectConversation } from '@/components/chat/types';
import { recordUrl, VISITOR_SUBJECT } from '@/shared/record-links';
import { can, type Role } from '@/shared/roles';
import { useWorkspace } from './workspace-context';

export interface SidebarItem {
  id: string;
  kind: 'channel' | 'dm' | 'group' | 'subject';
  /** Plain name for labels ("general", "Ann, Bo"). */
  name: string;
  prefix: string;
  unread: number;
  mentions: number;
  isPrivate?: boolean;
  /** A visitor wrote last and nobody has answered (shown even to staff who have not joined). */
  awaitingReply?: boolean;
  /** A direct message's other person, whose presence the sidebar shows. */
  peerId?: string;
}

export { VISITOR_SUBJECT };

const recordTypeKey = (workspaceId: string) => `enclave:record-type:${workspaceId}`;

/** The record type whose conversations the sidebar lists (remembered per workspace in this browser). */
export function useRecordType(workspaceId: string) {
  const [type, setTypeState] = useState(() =>
    typeof localStorage === 'undefined' ? '' : (localStorage.getItem(recordTypeKey(workspaceId)) ?? ''),
  );
  const setType = useCallback(
    (t: string) => {
      setTypeState(t);
      try {
        if (t) localStorage.setItem(recordTypeKey(workspaceId), t);
        else localStorage.removeItem(recordTypeKey(workspaceId));
      } catch {
        // Not remembered; still used for this page.
      }
    },
    [workspaceId],
  );
  return [type, setType] as const;
}

export const directName = (d: Direct, me: string) =>
  d.participants
    .filter((p) => p.userId !== me)
    .map((p) => p.name)
    .join(', ') || 'Just you';

/**
 * The conversations of the sidebar with live badges. Unread and mention counts come from
 * read.states (refetched on socket activity by ChatProvider) and fall back to the listings' own.
 * DMs opened by others are announced by no event, so their listing is polled; so are widget
 * visitors' conversations (listed for staff while the workspace's widget is on).
 */
export function useConversations() {
  const { ws, user, recordType } = useWorkspace();
  const workspaceId = ws.id;
  const channels = trpc.channel.list.useQuery({ workspaceId }, { refetchInterval: 60_000 });
  const directs = trpc.channel.listDirect.useQuery({ workspaceId }, { refetchInterval: 20_000 });
  const states = trpc.read.states.useQuery({ workspaceId }, { refetchInterval: 60_000 });
  const records = trpc.channel.listBySubject.useQuery(
    { workspaceId, type: recordType },
    { enabled: !!recordType && can(ws.role, 'channel.join'), retry: false },
  );
  const visitorsOn = ws.settings.widget.enabled && can(ws.role, 'channel.join');
  const visitors = trpc.channel.listBySubject.useQuery(
    { workspaceId, type: VISITOR_SUBJECT },
    { enabled: visitorsOn, refetchInterval: 20_000, retry: false },
  );

  // A message in a visitor conversation may change who waits for a reply: staff who have not
  // joined it get no unread count, so the listing (awaitingReply) is read again, once per burst.
  const { engine } = useChat();
  const utils = trpc.useUtils();
  const visitorIds = useMemo(() => new Set((visitors.data ?? []).map((v) => v.id)), [visitors.data]);
  useEffect(() => {
    if (!visitorsOn) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = engine.onActivity((a) => {
      if (a.type !== 'message' || !visitorIds.has(a.conversationId) || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void utils.channel.listBySubject.invalidate({ workspaceId, type: VISITOR_SUBJECT });
      }, 300);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [engine, utils, workspaceId, visitorsOn, visitorIds]);

  const derived = useMemo(() => {
    const byId = new Map(states.data?.map((s) => [s.conversationId, s]));
    const counts = (id: string, fallback: { unread?: number; mentions?: number }) => {
      const s = byId.get(id);
      return { unread: s?.unread ?? fallback.unread ?? 0, mentions: s?.mentions ?? fallback.mentions ?? 0 };
    };
    const all = channels.data ?? [];
    const mine: SidebarItem[] = all
      .filter((c) => c.myRole !== null)
      .map((c) => ({
        id: c.id,
        kind: 'channel',
        name: c.name,
        prefix: c.isPrivate ? '🔒' : '#',
        isPrivate: c.isPrivate,
        ...counts(c.id, c),
      }));
    const dms: SidebarItem[] = (directs.data ?? []).map((d) => ({
      id: d.id,
      kind: d.kind,
      name: directName(d, user.id),
      prefix: d.kind === 'dm' ? '@' : '👥',
      peerId: d.kind === 'dm' ? d.participants.find((p) => p.userId !== user.id)?.userId : undefined,
      ...counts(d.id, d),
    }));
    const recs: SidebarItem[] = (records.data ?? [])
      .filter((r) => r.joined)
      .map((r) => ({ id: r.id, kind: 'subject', name: r.title, prefix: '§', ...counts(r.id, r) }));
    // Every visitor conversation, joined or not: staff join one by opening it and replying.
    const visits: SidebarItem[] = (visitorsOn ? (visitors.data ?? []) : []).map((r) => ({
      id: r.id,
      kind: 'subject',
      name: r.title,
      prefix: '👤',
      ...counts(r.id, r),
      awaitingReply: r.awaitingReply ?? false,
    }));
    // With "visitor" as the record type, the same conversations are in both lists: step through once.
    const inRecs = new Set(recs.map((r) => r.id));
    const defaultId =
      all.find((c) => c.isDefault && c.myRole !== null)?.id ??
      mine[0]?.id ??
      dms[0]?.id ??
      all[0]?.id ??
      null;
    return {
      mine,
      others: all.filter((c) => c.myRole === null),
      dms,
      recs,
      visits,
      /** In sidebar order, for Alt+ArrowUp/Down. */
      ordered: [...mine, ...dms, ...recs, ...visits.filter((v) => !inRecs.has(v.id))],
      defaultId,
    };
  }, [channels.data, directs.data, records.data, visitors.data, visitorsOn, states.data, user.id]);
  return { ...derived, channels, directs, records, visitors, visitorsOn, states };
}

/** What the conversation pane needs to know about a conversation, from the cached listings. */
export function conversationInfo(
  id: string,
  ws: { role: Role; settings: { recordLinks: Record<string, string> } },
  me: string,
  lists: { channels?: Channel[]; directs?: Direct[]; records?: SubjectConversation[] },
): ConversationInfo | null {
  const mod = can(ws.role, 'channel.manage');
  const canCorrect = can(ws.role, 'message.correct');
  const c = lists.channels?.find((x) => x.id === id);
  if (c) {
    return {
      id,
      title: `#${c.name}`,
      name: `#${c.name}`,
      topic: c.topic || undefined,
      description: c.description || undefined,
      isMember: c.myRole !== null,
      archived: c.archivedAt !== null,
      canModerate: mod || c.myRole === 'moderator',
      canCorrect,
    };
  }
  const d = lists.directs?.find((x) => x.id === id);
  if (d) {
    const name = directName(d, me);
    return { id, title: name, name, isMember: true, archived: false, canModerate: mod, canCorrect };
  }
  const r = lists.records?.find((x) => x.id === id);
  if (r) {
    const { type, id: recordId } = r.subject;
    // A visitor's own conversation is about the visitor, not a record of the host's.
    const record =
      type === VISITOR_SUBJECT
        ? undefined
        : { type, id: recordId, url: recordUrl(ws.settings.recordLinks, type, recordId) };
    return {
      id,
      title: r.title,
      name: r.title,
      isMember: r.joined,
      archived: false,
      canModerate: mod,
      canCorrect,
      record,
    };
  }
  return null;
}
