import { clearedOnDelete } from '@/shared/deleted-message';
import { sameDay } from './format';
import type { MessageView } from '@/server/realtime/types';
import type { Message } from './types';

/**
 * Pure helpers over a list of messages kept in ascending `seq` order (seq is unique within a
 * conversation). Every function returns a new array when something changed and the same array when
 * nothing did, so React stores can compare by identity. Merges keep the copy with the highest `rev`:
 * events, acks, pages and sync results may arrive in any order.
 */

/** Index of the message with this seq, or -(insertion point) - 1. */
export function findSeq(list: readonly Message[], seq: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = list[mid]!.seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/** Inserts or replaces one message (by seq; a lower rev never replaces a higher one). */
export function upsert(list: readonly Message[], m: Message): readonly Message[] {
  const i = findSeq(list, m.seq);
  if (i >= 0) {
    const cur = list[i]!;
    if (cur.id === m.id && cur.rev >= m.rev) return list;
    const next = list.slice();
    next[i] = m;
    return next;
  }
  const at = -i - 1;
  const next = list.slice();
  next.splice(at, 0, m);
  return next;
}

/** Merges a batch (a page or a sync result) into the list. */
export function mergeMany(list: readonly Message[], batch: readonly Message[]): readonly Message[] {
  if (batch.length === 0) return list;
  const first = list[0];
  const last = list.at(-1);
  const sorted = [...batch].sort((a, b) => a.seq - b.seq);
  // The common cases: a page older than everything held, or newer than everything held.
  if (!first || sorted.at(-1)!.seq < first.seq) return [...sorted, ...list];
  if (last && sorted[0]!.seq > last.seq) return [...list, ...sorted];
  let next = list;
  for (const m of sorted) next = upsert(next, m);
  return next;
}

/** Applies `patch` to the held message with this id when `rev` is newer than the held one. */
export function patchById(
  list: readonly Message[],
  id: string,
  rev: number,
  patch: (m: Message) => Message,
): readonly Message[] {
  // Recent messages change most: search from the end.
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i]!;
    if (m.id !== id) continue;
    if (m.rev >= rev) return list;
    const next = list.slice();
    next[i] = { ...patch(m), rev };
    return next;
  }
  return list;
}

/** Replaces the held copy of `m` (same id) if `m` is newer; never inserts. */
export function replaceIfHeld(list: readonly Message[], m: Message): readonly Message[] {
  const i = findSeq(list, m.seq);
  if (i < 0) return list;
  const cur = list[i]!;
  if (cur.id !== m.id || cur.rev >= m.rev) return list;
  const next = list.slice();
  next[i] = m;
  return next;
}

/** A held message after its `message:deleted` event: cleared as the server clears it. */
export const tombstone = (m: Message, deletedAt: string): Message => ({
  ...m,
  ...clearedOnDelete(),
  deletedAt,
  reactions: [],
});

export const maxSeq = (list: readonly Message[]) => list.reduce((a, m) => Math.max(a, m.seq), 0);
export const maxRev = (list: readonly Message[]) => list.reduce((a, m) => Math.max(a, m.rev), 0);

/** Messages by one author closer together than this are shown as one run under one name. */
export const RUN_GAP_MS = 5 * 60_000;

/**
 * Whether `m` continues the run `prev` belongs to, and is shown with its text only (as Slack does):
 * the same (known) author, the same day, at most RUN_GAP_MS later. A deleted message on either side
 * breaks the run, and so does a thread root with replies: its summary stands between the two; so
 * does a system message ("Ann joined"), which has no text to run on.
 */
export function continuesRun(prev: Message | undefined, m: Message): boolean {
  if (!prev || m.authorId === null || prev.authorId !== m.authorId) return false;
  if (prev.event !== null || m.event !== null) return false;
  if (prev.deletedAt !== null || m.deletedAt !== null || prev.replyCount > 0) return false;
  const gap = Date.parse(m.createdAt) - Date.parse(prev.createdAt);
  return gap >= 0 && gap <= RUN_GAP_MS && sameDay(prev.createdAt, m.createdAt);
}

/** The caller's read mark when the conversation opened, and the newest seq known then. */
export interface OpeningMark {
  readSeq: number;
  upTo: number;
}

/**
 * Where the "New" line goes: the index of the first message after the read mark that counts as
 * unread (someone else's, not deleted) and was there when the conversation opened (`upTo`: later
 * ones are read as they arrive); -1 when there is none; 'before' when it may lie before the loaded
 * window (more history before it, and the window does not start right after the mark).
 */
export function firstUnread(
  list: readonly Message[],
  mark: OpeningMark,
  me: string,
  hasMoreBefore: boolean,
): number | 'before' {
  if (mark.upTo <= mark.readSeq) return -1;
  const at = findSeq(list, mark.readSeq + 1);
  const from = at >= 0 ? at : -at - 1;
  // Replies take seqs too, so a gap before the window's first message may hide unread messages.
  if (from === 0 && hasMoreBefore && list[0]?.seq !== mark.readSeq + 1) return 'before';
  for (let i = from; i < list.length; i++) {
    const m = list[i]!;
    if (m.seq > mark.upTo) break;
    if (m.authorId !== me && m.deletedAt === null && m.event === null) return i;
  }
  return -1;
}

/**
 * Where a key moves the focused message in a list of `count` (the list is one tab stop, its
 * messages reached with the arrow keys): null for a key the list does not take.
 */
export function listMove(index: number, count: number, key: string): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(index + 1, count - 1);
    case 'ArrowUp':
      return Math.max(index - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** A socket payload as the store holds it (without the workspace it was sent in). */
export function stripWs(m: MessageView): Message {
  const { workspaceId: _ws, ...rest } = m;
  return rest;
}
