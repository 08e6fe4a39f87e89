'use client';
import type { Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { trpc } from '../client/trpc';
import { useChat } from './ChatProvider';
import { firstUnread, type OpeningMark } from './message-list';
import { convKey, type ListState } from './store';
import { useList } from './use-chat-state';

/**
 * The caller's read mark as it was when the conversation opened, from `read.states` (the sidebar's
 * query: the provider keeps it current from socket events and our own marks). Taken once, when both
 * the window and the states are in, and kept while the conversation stays open, so the "New" line
 * does not move when the mark advances. `undefined` until then: marking read waits for it, or the
 * mark would already have moved. `null`: no read mark here (not a member, or the states failed).
 */
export function useOpeningMark(conversationId: string, member: boolean): OpeningMark | null | undefined {
  const { engine, workspaceId } = useChat();
  const list = useList(convKey(conversationId));
  const states = trpc.read.states.useQuery({ workspaceId }, { enabled: member });
  const [held, setHeld] = useState<{ id: string; mark: OpeningMark | null } | null>(null);
  if (held?.id === conversationId) return held.mark;
  let mark: OpeningMark | null | undefined;
  if (!member) mark = null;
  else if (states.data && list.status === 'ready') {
    const s = states.data.find((x) => x.conversationId === conversationId);
    mark = s ? { readSeq: s.lastReadSeq, upTo: engine.latestSeq(conversationId) } : null;
  } else if (states.isError) mark = null;
  // Held in state (set while rendering, React's pattern for state derived once from props).
  if (mark !== undefined) setHeld({ id: conversationId, mark });
  return mark;
}

/** Where the "New" line goes in this window (see `firstUnread`); -1 without a read mark. */
export function useFirstUnread(mark: OpeningMark | null | undefined, state: ListState): number | 'before' {
  const { userId } = useChat();
  return useMemo(
    () => (mark ? firstUnread(state.messages, mark, userId, state.hasMoreBefore) : -1),
    [mark, state.messages, state.hasMoreBefore, userId],
  );
}

/**
 * The "Jump to first unread" button: shown while the "New" line is outside the visible part of the
 * list, or before the loaded window (then older pages are loaded until it is in, and shown).
 */
export function useUnreadJump(
  listKey: string,
  at: number | 'before',
  state: ListState,
  v: Virtualizer<HTMLDivElement, Element>,
) {
  const { engine } = useChat();
  const seeking = useRef(false);
  useEffect(() => {
    if (!seeking.current) return;
    if (at !== 'before') {
      seeking.current = false;
      if (at >= 0) v.scrollToIndex(at, { align: 'start' });
    } else if (state.error) seeking.current = false;
    else if (!state.loadingOlder) void engine.loadOlder(listKey);
  }, [at, state.loadingOlder, state.error, engine, listKey, v]);

  let shown = at === 'before';
  if (typeof at === 'number' && at >= 0) {
    // The line is the top edge of its row: in view while that edge is inside the viewport.
    const row = v.getVirtualItems().find((i) => i.index === at);
    const top = v.scrollOffset ?? 0;
    const height = v.scrollRect?.height ?? 0;
    shown = !row || row.start < top - 1 || row.start > top + height - 8;
  }
  const jump = () => {
    if (at === 'before') {
      seeking.current = true;
      void engine.loadOlder(listKey);
    } else if (at >= 0) v.scrollToIndex(at, { align: 'start' });
  };
  return { shown, jump };
}
