'use client';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useChat } from './ChatProvider';
import type { OutboxItem } from './outbox';
import type { ListState } from './store';

/** A loaded message window (conversation `c:<id>` or thread `t:<rootId>`) from the chat store. */
export function useList(key: string): ListState {
  const { engine } = useChat();
  const subscribe = useCallback((fn: () => void) => engine.store.subscribe(key, fn), [engine, key]);
  return useSyncExternalStore(
    subscribe,
    () => engine.store.list(key),
    () => engine.store.list(key),
  );
}

/** The outbox items to show in a conversation (parentId null) or a thread (its root id). */
export function usePending(conversationId: string, parentId: string | null): OutboxItem[] {
  const { engine } = useChat();
  const all = useSyncExternalStore(engine.outbox.subscribe, engine.outbox.all, engine.outbox.all);
  return useMemo(
    () => all.filter((i) => i.conversationId === conversationId && i.parentId === parentId),
    [all, conversationId, parentId],
  );
}

/** Who is typing in a conversation now; entries drop out at their expiry time. */
export function useTyping(conversationId: string): string[] {
  const { engine } = useChat();
  const subscribe = useCallback(
    (fn: () => void) => engine.store.subscribeTyping(conversationId, fn),
    [engine, conversationId],
  );
  const map = useSyncExternalStore(
    subscribe,
    () => engine.store.typingIn(conversationId),
    () => engine.store.typingIn(conversationId),
  );
  const [now, setNow] = useState(() => Date.now());
  const active = useMemo(() => [...map].filter(([, until]) => until > now).map(([id]) => id), [map, now]);
  useEffect(() => {
    const next = Math.min(...[...map.values()].filter((t) => t > Date.now()));
    if (!Number.isFinite(next)) return;
    const t = setTimeout(() => setNow(Date.now()), next - Date.now() + 10);
    return () => clearTimeout(t);
  }, [map, now]);
  return active;
}
