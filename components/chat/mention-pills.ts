/**
 * Mentions in the composer are shown as `@Name` (a pill), never as the `<@userId>` token the message
 * carries. A draft is the text the person sees plus where each picked mention sits in it; the token
 * is put back only when the message is sent or saved. Pure, so the conversions are tested alone.
 */
import { userMention, userMentionsIn } from '@/shared/mentions';
import type { Edit } from './format-text';

/** A picked mention: `text.slice(start, end)` is `@Name`. */
export interface Pill {
  start: number;
  end: number;
  userId: string;
}

export interface Draft {
  text: string;
  /** Sorted by position, never overlapping. */
  pills: Pill[];
}

export const EMPTY_DRAFT: Draft = { text: '', pills: [] };

const WORDISH = /^[\p{L}\p{N}_]/u;

/** What a mention of someone shows (also for a person no longer known, so it still converts back). */
export const pillLabel = (name: string | undefined) => `@${name ?? 'unknown'}`;

/**
 * The pills after `edits` (original positions, sorted, not overlapping): those before an edit stay,
 * those after it move, and one an edit touches inside is dropped, its text left as plain text. So is
 * one whose name is extended by letters typed right after it (`@Ann` → `@Anna`).
 */
export function shiftPills(pills: readonly Pill[], edits: readonly Edit[]): Pill[] {
  const out: Pill[] = [];
  for (const p of pills) {
    let shift = 0;
    let broken = false;
    for (const e of edits) {
      const delta = e.insert.length - (e.to - e.from);
      if (e.to <= p.start && (e.from < p.start || e.from === e.to)) shift += delta;
      else if (e.from >= p.end && !(e.from === p.end && e.to === e.from && WORDISH.test(e.insert))) continue;
      else broken = true;
    }
    if (!broken) out.push({ ...p, start: p.start + shift, end: p.end + shift });
  }
  return out;
}

/** The one edit that turns `before` into `after` (the longest common start and end kept). */
export function diffEdit(before: string, after: string): Edit {
  const max = Math.min(before.length, after.length);
  let head = 0;
  while (head < max && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  let tail = 0;
  while (
    tail < max - head &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) {
    tail++;
  }
  return { from: head, to: before.length - tail, insert: after.slice(head, after.length - tail) };
}

/** The draft once its text has become `next` (typed, pasted, undone): its pills follow the change. */
export function rebase(draft: Draft, next: string): Draft {
  if (next === draft.text) return draft;
  const pills = shiftPills(draft.pills, [diffEdit(draft.text, next)]);
  // A pill always starts at its `@`; anything else means the text moved under it in a way the one
  // edit does not describe, and plain text is the safe reading.
  return { text: next, pills: pills.filter((p) => next[p.start] === '@' && p.end <= next.length) };
}

/** The draft with a pill over `[start, start + length)`, which must already read `@Name`. */
export function withPill(draft: Draft, start: number, length: number, userId: string): Draft {
  const end = start + length;
  const pills = draft.pills.filter((p) => p.end <= start || p.start >= end);
  pills.push({ start, end, userId });
  pills.sort((a, b) => a.start - b.start);
  return { text: draft.text, pills };
}

/** The message to send: every pill back to its `<@userId>` token, all other text as it is. */
export function toWire(draft: Draft): string {
  let out = '';
  let at = 0;
  for (const p of draft.pills) {
    out += draft.text.slice(at, p.start) + userMention(p.userId);
    at = p.end;
  }
  return out + draft.text.slice(at);
}

/** A stored message as a draft to edit: each `<@userId>` shown as a pill with the person's name. */
export function fromWire(body: string, nameOf: (userId: string) => string | undefined): Draft {
  let text = '';
  let at = 0;
  const pills: Pill[] = [];
  for (const m of userMentionsIn(body)) {
    text += body.slice(at, m.index);
    const label = pillLabel(nameOf(m.userId));
    pills.push({ start: text.length, end: text.length + label.length, userId: m.userId });
    text += label;
    at = m.index + m.length;
  }
  return { text: text + body.slice(at), pills };
}
