'use client';

/**
 * Text that something outside the composer puts into it (a canned reply picked in the inbox), by
 * conversation. The composer of that conversation (not a thread's) listens while it is mounted.
 */
type Listener = (text: string) => void;
const listeners = new Map<string, Set<Listener>>();

export function onComposerInsert(conversationId: string, fn: Listener): () => void {
  let set = listeners.get(conversationId);
  if (!set) listeners.set(conversationId, (set = new Set()));
  set.add(fn);
  return () => {
    set.delete(fn);
    if (set.size === 0) listeners.delete(conversationId);
  };
}

/** Puts `text` into the conversation's composer; false when none is open to take it. */
export function insertIntoComposer(conversationId: string, text: string): boolean {
  const set = listeners.get(conversationId);
  if (!set || set.size === 0) return false;
  for (const fn of set) fn(text);
  return true;
}

/** The composer's text with `insert` at the caret (on its own line when the text is not empty). */
export function withInsert(text: string, caret: number, insert: string): { text: string; caret: number } {
  const before = text.slice(0, caret);
  const after = text.slice(caret);
  const lead = before && !before.endsWith('\n') ? '\n' : '';
  const next = `${before}${lead}${insert}${after}`;
  return { text: next, caret: before.length + lead.length + insert.length };
}
