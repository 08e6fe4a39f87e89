'use client';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { listMove } from './message-list';
import { itemSelector, ITEM, pendingKey, rowKeyOf, scopeTabs } from './tab-scope';

export interface ListFocusInput {
  /** The list's rows in order, stored and pending messages alike, by row key; `sentAs` is the client id. */
  rows: readonly { key: string; sentAs: string }[];
  /** The indices of the rows in the DOM now (the virtualizer's window). */
  shown: readonly number[];
  scrollRef: RefObject<HTMLDivElement | null>;
  scrollTo: (row: number) => void;
  retry: (clientMsgId: string) => void;
  discard: (clientMsgId: string) => void;
}

/**
 * Roving focus: the list is one tab stop, the message last focused (at first the latest); the
 * arrows, Home and End move between messages, pending and failed ones included. While that
 * message is scrolled out of the DOM the scroll box itself is the tab stop, and the keys start
 * from the messages on screen. Tab reaches the current message's controls only (tab-scope.ts).
 */
export function useListFocus({ rows, shown, scrollRef, scrollTo, retry, discard }: ListFocusInput) {
  const [currentId, setCurrentId] = useState<string | null>(null);
  const focusNext = useRef<string | null>(null);
  const rowOf = (id: string | null) => (id === null ? -1 : rows.findIndex((r) => r.key === id));
  const currentRow = rowOf(currentId) >= 0 ? rowOf(currentId) : rows.length - 1;
  const current = rows[currentRow]?.key ?? null;
  const currentShown = shown.includes(currentRow);
  const articleOf = useCallback(
    (id: string) => scrollRef.current?.querySelector<HTMLElement>(itemSelector(id)),
    [scrollRef],
  );

  // Rows come and go as the list scrolls, and a message's controls change (reactions, a confirm)
  // without the list rendering: the observer scopes whatever appears.
  const scopeKey = useRef<string | null>(null);
  const inScope = currentShown ? current : null;
  useLayoutEffect(() => {
    scopeKey.current = inScope;
    const root = scrollRef.current;
    if (root) scopeTabs(root, inScope);
  });
  useEffect(() => {
    const root = scrollRef.current;
    if (!root) return;
    const observer = new MutationObserver(() => scopeTabs(root, scopeKey.current));
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [scrollRef]);

  useEffect(() => {
    const id = focusNext.current;
    const el = id ? articleOf(id) : null;
    if (!el) return;
    focusNext.current = null;
    el.focus({ preventScroll: true });
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const t = e.target as HTMLElement;
    const onItem = t.matches(ITEM);
    if (!onItem && t !== scrollRef.current) return;
    const from = Math.max(onItem ? rowOf(rowKeyOf(t.dataset)) : (shown[0] ?? -1), 0);
    // From the scroll box, an arrow lands on the first message on screen.
    const moved = listMove(from, rows.length, e.key);
    const row = moved !== null && !onItem && e.key.startsWith('Arrow') ? from : moved;
    if (row === null || !rows[row]) return;
    e.preventDefault();
    const id = rows[row].key;
    setCurrentId(id);
    focusNext.current = id;
    scrollTo(row);
    const el = articleOf(id);
    if (el) {
      focusNext.current = null;
      el.focus({ preventScroll: true });
    }
  };

  // A pending message with focus is replaced by its stored copy when the server confirms it (a
  // new row, a new element): focus follows it instead of falling to the page.
  const focusedPending = useRef<string | null>(null);
  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    const item = e.target.closest<HTMLElement>(ITEM);
    const id = item ? rowKeyOf(item.dataset) : null;
    focusedPending.current = item && !item.dataset.messageId ? (item.dataset.clientMsgId ?? null) : null;
    if (id && id !== currentId) setCurrentId(id);
  };
  useLayoutEffect(() => {
    const cmid = focusedPending.current;
    if (cmid === null || rows.some((r) => r.key === pendingKey(cmid))) return;
    focusedPending.current = null;
    const stored = rows.find((r) => r.sentAs === cmid);
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (!stored || !lost) return;
    setCurrentId(stored.key);
    const el = articleOf(stored.key);
    if (el) el.focus({ preventScroll: true });
    else focusNext.current = stored.key;
  }, [rows, articleOf]);

  // Retry and Discard take their buttons (Discard the whole message) away: a keyboard user's focus
  // stays on the message, or goes to the one above it, instead of falling to the page.
  const rowsNow = useRef(rows);
  useLayoutEffect(() => {
    rowsNow.current = rows;
  });
  const focusedIn = useCallback(
    (key: string) => articleOf(key)?.contains(document.activeElement) === true,
    [articleOf],
  );
  const onRetry = useCallback(
    (id: string) => {
      if (focusedIn(pendingKey(id))) articleOf(pendingKey(id))?.focus({ preventScroll: true });
      retry(id);
    },
    [articleOf, focusedIn, retry],
  );
  const onDiscard = useCallback(
    (id: string) => {
      const key = pendingKey(id);
      const at = rowsNow.current.findIndex((r) => r.key === key);
      const next = rowsNow.current[at - 1] ?? rowsNow.current[at + 1];
      if (focusedIn(key) && next) {
        setCurrentId(next.key);
        focusNext.current = next.key;
      }
      discard(id);
    },
    [focusedIn, discard],
  );

  return { current, currentShown, onKeyDown, onFocus, onRetry, onDiscard };
}
