import type { Message } from './types';

/** One loaded window of messages: a conversation's top level, or a thread's replies. */
export interface ListState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** Ascending by seq. */
  messages: readonly Message[];
  hasMoreBefore: boolean;
  /** True while the window ends before the latest message (after a jump to an old message). */
  hasMoreAfter: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  /** Changes when the window is replaced rather than extended, so the view re-anchors. */
  windowId: number;
}

export const EMPTY_LIST: ListState = Object.freeze({
  status: 'idle',
  error: null,
  messages: [],
  hasMoreBefore: false,
  hasMoreAfter: false,
  loadingOlder: false,
  loadingNewer: false,
  windowId: 0,
});

export type TypingMap = ReadonlyMap<string, number>;
const NO_TYPING: TypingMap = new Map();

/** A list with other messages; the same object when nothing changed (React skips the render). */
export function withMessages(s: ListState, messages: readonly Message[]): ListState {
  return messages === s.messages ? s : { ...s, messages };
}

export const convKey = (conversationId: string) => `c:${conversationId}`;
export const threadKey = (rootId: string) => `t:${rootId}`;
const typingKey = (conversationId: string) => `typing:${conversationId}`;

/**
 * The chat's client-side state, outside React so that socket handlers can update it without a
 * render in between; components read it with useSyncExternalStore (each key notifies on its own,
 * so a message in one conversation does not re-render another).
 */
export class ChatStore {
  private lists = new Map<string, ListState>();
  private typing = new Map<string, TypingMap>();
  private subs = new Map<string, Set<() => void>>();

  subscribe = (key: string, fn: () => void) => {
    let set = this.subs.get(key);
    if (!set) this.subs.set(key, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  };

  private notify(key: string) {
    for (const fn of this.subs.get(key) ?? []) fn();
  }

  list(key: string): ListState {
    return this.lists.get(key) ?? EMPTY_LIST;
  }

  has(key: string): boolean {
    return this.lists.has(key);
  }

  /** Every held list key (conversations and threads). */
  listKeys(): string[] {
    return [...this.lists.keys()];
  }

  update(key: string, fn: (prev: ListState) => ListState) {
    const prev = this.list(key);
    const next = fn(prev);
    if (next === prev) return;
    this.lists.set(key, next);
    this.notify(key);
  }

  drop(key: string) {
    if (this.lists.delete(key)) this.notify(key);
  }

  typingIn(conversationId: string): TypingMap {
    return this.typing.get(conversationId) ?? NO_TYPING;
  }

  /** `until` in epoch ms; null clears (the person sent their message). */
  setTyping(conversationId: string, userId: string, until: number | null) {
    const prev = this.typingIn(conversationId);
    if (until === null && !prev.has(userId)) return;
    const next = new Map(prev);
    if (until === null) next.delete(userId);
    else next.set(userId, until);
    this.typing.set(conversationId, next);
    this.notify(typingKey(conversationId));
  }

  subscribeTyping = (conversationId: string, fn: () => void) => this.subscribe(typingKey(conversationId), fn);
}

export type { Message };
