'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useRealtimeState } from '../client/socket-store';
import { useChat } from './ChatProvider';
import { continuesRun, type OpeningMark } from './message-list';
import { MessageItem } from './MessageItem';
import type { OutboxItem } from './outbox';
import { PendingItem } from './PendingItem';
import { pendingKey } from './tab-scope';
import { ReadReceipt } from './ReadReceipt';
import { CorrectDialog, useCorrecting } from './CorrectDialog';
import { ReportDialog, ReportNotice, useReporting } from './ReportDialog';
import { useList, usePending } from './use-chat-state';
import { useListFocus } from './use-list-focus';
import { useMessageActions } from './use-message-actions';
import { useFirstUnread, useUnreadJump } from './use-unread';
import type { Message } from './types';

type Row =
  | { key: string; kind: 'msg'; m: Message; prev: Message | undefined; grouped: boolean; sentAs: string }
  | { key: string; kind: 'pending'; item: OutboxItem; sentAs: string };

export interface MessageListProps {
  /** The store key: `c:<conversationId>` or `t:<rootId>`. */
  listKey: string;
  conversationId: string;
  /** Null for the conversation's top level; the root's id in a thread. */
  parentId: string | null;
  label: string;
  canWrite: boolean;
  canModerate: boolean;
  /** May correct others' messages (admins: `message.correct`). */
  canCorrect?: boolean;
  /** A message to scroll to and highlight (from a `?m=` link). */
  highlightId?: string | null;
  editingId: string | null;
  onStartEdit: (m: Message) => void;
  onEndEdit: () => void;
  onOpenThread?: (m: Message) => void;
  /** Show read receipts under the caller's latest message. */
  receipts?: boolean;
  /** Mark the conversation read while it is shown and messages arrive. */
  markRead?: boolean;
  /** The read mark this visit opened with (the "New" line goes above the first message after it). */
  unread?: OpeningMark | null;
  emptyText: string;
}

const ESTIMATE = 76;

/**
 * A virtualised message window: only the rows on screen (plus overscan) are in the DOM, so tens of
 * thousands of loaded messages scroll smoothly. Older pages load at the top; the view keeps the
 * reader's place when they arrive (anchorTo: 'end') and follows new messages when at the bottom.
 */
export function MessageList(p: MessageListProps) {
  const { engine, userId, nameOf, colourOf, forVisitor } = useChat();
  const state = useList(p.listKey);
  const pending = usePending(p.conversationId, p.parentId);
  const online = useRealtimeState() === 'connected';
  const actions = useMessageActions();
  const report = useReporting(!forVisitor);
  const correction = useCorrecting(!forVisitor && p.canCorrect === true);

  const firstUnread = useFirstUnread(p.unread, state);
  const unreadAt = typeof firstUnread === 'number' ? firstUnread : -1;

  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [];
    let prev: Message | undefined;
    for (const [i, m] of state.messages.entries()) {
      // The "New" line starts a run of its own, so the first unread message shows its author.
      const grouped = i !== unreadAt && continuesRun(prev, m);
      out.push({ key: m.id, kind: 'msg', m, prev, grouped, sentAs: m.clientMsgId });
      prev = m;
    }
    if (pending.length) {
      // A pending message leaves the outbox when its ack arrives; until then it may already be
      // stored (its event came first): show the stored copy only.
      const stored = new Set<string>();
      for (let i = state.messages.length - 1; i >= 0 && stored.size < 500; i--) {
        const m = state.messages[i]!;
        if (m.authorId === userId) stored.add(m.clientMsgId);
      }
      for (const item of pending) {
        if (!stored.has(item.clientMsgId))
          out.push({ key: pendingKey(item.clientMsgId), kind: 'pending', item, sentAs: item.clientMsgId });
      }
    }
    return out;
  }, [state.messages, pending, userId, unreadAt]);

  const myLatestId = useMemo(() => {
    if (!p.receipts) return null;
    for (let i = state.messages.length - 1; i >= 0; i--) {
      const m = state.messages[i]!;
      if (m.authorId === userId && !m.deletedAt) return m.id;
    }
    return null;
  }, [p.receipts, state.messages, userId]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATE,
    overscan: 8,
    getItemKey: (i) => rows[i]?.key ?? i,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 48,
  });
  const items = v.getVirtualItems();
  const jumpUnread = useUnreadJump(p.listKey, firstUnread, state, v);

  // Place a freshly loaded window: at the highlighted message, or at the bottom.
  const placed = useRef<number>(-1);
  useLayoutEffect(() => {
    if (state.status !== 'ready' || placed.current === state.windowId) return;
    placed.current = state.windowId;
    const at = p.highlightId ? rows.findIndex((r) => r.kind === 'msg' && r.m.id === p.highlightId) : -1;
    if (at >= 0) v.scrollToIndex(at, { align: 'center' });
    else if (rows.length) v.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [state.status, state.windowId, rows, p.highlightId, v]);

  // A new highlight inside the window already shown (another search result in the same conversation).
  useEffect(() => {
    if (!p.highlightId) return;
    const at = rows.findIndex((r) => r.kind === 'msg' && r.m.id === p.highlightId);
    if (at >= 0) v.scrollToIndex(at, { align: 'center' });
    // Only when the target changes, not on every new message.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.highlightId]);

  useEffect(() => {
    if (!p.editingId) return;
    const at = rows.findIndex((r) => r.kind === 'msg' && r.m.id === p.editingId);
    if (at >= 0) v.scrollToIndex(at, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.editingId]);

  // Sending from the composer scrolls to the new (pending) message even when reading older ones.
  const lastPending = pending.at(-1)?.clientMsgId;
  useEffect(() => {
    if (lastPending && rows.length) v.scrollToIndex(rows.length - 1, { align: 'end' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastPending]);

  const first = items[0]?.index;
  const last = items.at(-1)?.index;
  // Paging waits until the placement scroll has landed: before it does, the rendered range is still
  // the top of the window, and loading older messages then would strand the view mid-history.
  const armed = useRef<number>(-1);
  useEffect(() => {
    if (state.status !== 'ready' || placed.current !== state.windowId) return;
    if (armed.current !== state.windowId) {
      const target = p.highlightId ? rows.findIndex((r) => r.kind === 'msg' && r.m.id === p.highlightId) : -1;
      const landed =
        target >= 0 ? items.some((i) => i.index === target) : last === undefined || last >= rows.length - 1;
      if (!landed) return;
      armed.current = state.windowId;
    }
    if (first !== undefined && first <= 2 && state.hasMoreBefore && !state.loadingOlder) {
      void engine.loadOlder(p.listKey);
    }
    if (last !== undefined && last >= rows.length - 3 && state.hasMoreAfter && !state.loadingNewer) {
      void engine.loadNewer(p.listKey);
    }
    // `items` and `rows` change with `first`/`last`/`rows.length`, which are listed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [first, last, rows.length, state, engine, p.listKey, p.highlightId]);

  const latestSeq = state.messages.at(-1)?.seq ?? 0;
  const { markRead, conversationId } = p;
  useEffect(() => {
    if (!markRead || state.status !== 'ready' || state.hasMoreAfter) return;
    const mark = () => {
      if (document.visibilityState === 'visible')
        engine.markRead(conversationId, engine.latestSeq(conversationId));
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [markRead, state.status, state.hasMoreAfter, latestSeq, engine, conversationId]);

  const retry = useCallback((id: string) => engine.retry(id), [engine]);
  const discard = useCallback((id: string) => engine.discard(id), [engine]);
  const shown = useMemo(() => items.map((vi) => vi.index), [items]);
  const scrollTo = useCallback((row: number) => v.scrollToIndex(row, { align: 'auto' }), [v]);
  const focus = useListFocus({ rows, shown, scrollRef, scrollTo, retry, discard });
  const { current, currentShown } = focus;
  const me = nameOf(userId) ?? 'You';
  const atEnd = v.isAtEnd(120);

  return (
    <div className="msg-list">
      {state.error && state.status === 'ready' ? (
        <p role="alert" className="list-note form-error">
          {state.error}
        </p>
      ) : null}
      {actions.error ? (
        <p role="alert" className="list-note form-error">
          {actions.error}{' '}
          <button type="button" className="link-btn" onClick={actions.clearError}>
            Dismiss
          </button>
        </p>
      ) : null}
      <ReportNotice notice={report.notice} onDismiss={report.dismiss} className="list-note ok" />
      <ReportNotice notice={correction.notice} onDismiss={correction.dismiss} className="list-note ok" />
      {state.loadingOlder ? (
        <p role="status" className="list-note muted">
          Loading older messages…
        </p>
      ) : null}
      {state.status === 'ready' && rows.length === 0 ? (
        <p className="list-empty muted">{p.emptyText}</p>
      ) : null}
      {state.status === 'idle' || state.status === 'loading' ? (
        <p role="status" className="list-empty muted">
          Loading messages…
        </p>
      ) : null}
      {state.status === 'error' ? (
        <div role="alert" className="list-empty">
          <p className="form-error">Could not load the messages: {state.error}</p>
          <button type="button" onClick={() => void engine.loadWindow(p.conversationId)}>
            Try again
          </button>
        </div>
      ) : null}
      <div
        ref={scrollRef}
        className="msg-scroll"
        // A feed must hold articles: until the first message it is a plain labelled region.
        role={rows.length > 0 ? 'feed' : 'region'}
        aria-label={p.label}
        aria-busy={state.status !== 'ready' || state.loadingOlder || state.loadingNewer}
        tabIndex={currentShown ? -1 : 0}
        onKeyDown={focus.onKeyDown}
        onFocus={focus.onFocus}
      >
        <div className="msg-canvas" style={{ height: v.getTotalSize() }}>
          {items.map((vi) => {
            const row = rows[vi.index];
            if (!row) return null;
            return (
              <div
                key={vi.key}
                data-index={vi.index}
                ref={v.measureElement}
                className="msg-row"
                style={{ transform: `translateY(${vi.start}px)` }}
              >
                {row.kind === 'msg' ? (
                  <MessageItem
                    m={row.m}
                    prev={row.prev}
                    grouped={row.grouped}
                    unreadLine={vi.index === unreadAt}
                    me={userId}
                    nameOf={nameOf}
                    colourOf={colourOf}
                    canWrite={p.canWrite}
                    canModerate={p.canModerate}
                    noPins={forVisitor}
                    noHistory={forVisitor}
                    highlighted={row.m.id === p.highlightId}
                    current={row.m.id === current}
                    editing={row.m.id === p.editingId}
                    onOpenThread={p.onOpenThread}
                    onStartEdit={p.onStartEdit}
                    onEndEdit={p.onEndEdit}
                    onReact={actions.react}
                    onDelete={actions.remove}
                    onPin={actions.pin}
                    onReport={report.onReport}
                    onCorrect={correction.onCorrect}
                    onSaveEdit={actions.edit}
                    receipt={
                      row.m.id === myLatestId ? (
                        <ReadReceipt conversationId={p.conversationId} messageId={row.m.id} seq={row.m.seq} />
                      ) : undefined
                    }
                  />
                ) : (
                  <PendingItem
                    item={row.item}
                    current={row.key === current}
                    authorId={userId}
                    author={me}
                    authorColour={colourOf(userId)}
                    nameOf={nameOf}
                    online={online}
                    onRetry={focus.onRetry}
                    onDiscard={focus.onDiscard}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      <ReportDialog message={report.target} onClose={report.close} onReported={report.reported} />
      <CorrectDialog
        message={correction.target}
        onClose={correction.close}
        onCorrected={correction.corrected}
      />
      {jumpUnread.shown ? (
        <button type="button" className="jump-unread" onClick={jumpUnread.jump}>
          Jump to first unread
        </button>
      ) : null}
      {state.hasMoreAfter || (!atEnd && rows.length > 0) ? (
        <button
          type="button"
          className="jump-latest"
          onClick={() => {
            if (state.hasMoreAfter && p.parentId === null) void engine.loadWindow(p.conversationId);
            else v.scrollToIndex(rows.length - 1, { align: 'end' });
          }}
        >
          Jump to latest
        </button>
      ) : null}
    </div>
  );
}
