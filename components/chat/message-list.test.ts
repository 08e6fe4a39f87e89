import { describe, expect, it } from 'vitest';
import {
  continuesRun,
  findSeq,
  firstUnread,
  listMove,
  mergeMany,
  patchById,
  replaceIfHeld,
  RUN_GAP_MS,
  tombstone,
  upsert,
} from './message-list';
import type { Message } from './types';
import { plainMessage } from '../../fixtures/message';

const msg = (seq: number, rev = seq, body = `m${seq}`): Message =>
  plainMessage({
    id: `id-${seq}`,
    conversationId: 'c',
    seq,
    rev,
    clientMsgId: `client-${seq}`,
    authorId: 'u',
    body,
    createdAt: new Date(0).toISOString(),
  });
const seqs = (l: readonly Message[]) => l.map((m) => m.seq);

describe('message list merging', () => {
  it('keeps seq order whatever order messages arrive in, once each', () => {
    let list: readonly Message[] = [];
    for (const s of [5, 1, 3, 3, 2, 5, 4]) list = upsert(list, msg(s));
    expect(seqs(list)).toEqual([1, 2, 3, 4, 5]);
    expect(findSeq(list, 4)).toBe(3);
    expect(findSeq(list, 9)).toBeLessThan(0);
  });

  it('keeps the copy with the highest rev', () => {
    const list = [msg(1, 10, 'new')];
    expect(upsert(list, msg(1, 4, 'old'))).toBe(list);
    expect(replaceIfHeld(list, msg(1, 4, 'old'))).toBe(list);
    expect(replaceIfHeld(list, msg(1, 11, 'newer'))[0]?.body).toBe('newer');
    expect(replaceIfHeld(list, msg(2, 11))).toBe(list);
  });

  it('prepends and appends pages, and merges overlaps', () => {
    const mid = [msg(4), msg(5)];
    expect(seqs(mergeMany(mid, [msg(2), msg(3)]))).toEqual([2, 3, 4, 5]);
    expect(seqs(mergeMany(mid, [msg(7), msg(6)]))).toEqual([4, 5, 6, 7]);
    expect(seqs(mergeMany(mid, [msg(3), msg(5, 9), msg(6)]))).toEqual([3, 4, 5, 6]);
    expect(mergeMany(mid, [])).toBe(mid);
  });

  it('patches by id only when the change is newer', () => {
    const list = [msg(1), msg(2, 5)];
    const patched = patchById(list, 'id-2', 6, (m) => ({ ...m, body: null }));
    expect(patched[1]).toMatchObject({ body: null, rev: 6 });
    expect(patchById(list, 'id-2', 5, (m) => ({ ...m, body: null }))).toBe(list);
    expect(patchById(list, 'missing', 9, (m) => m)).toBe(list);
  });

  it('clears a deleted message as the server does: no body, no mentions, no reactions, not pinned', () => {
    const pinned: Message = {
      ...msg(1),
      pinnedAt: new Date(0).toISOString(),
      pinnedBy: 'u2',
      mentions: ['u3'],
      mentionHere: true,
      reactions: [{ emoji: '👍', count: 1, userIds: ['u2'] }],
    };
    const gone = tombstone(pinned, new Date(1).toISOString());
    expect(gone).toMatchObject({
      body: null,
      pinnedAt: null,
      pinnedBy: null,
      mentions: [],
      mentionChannel: false,
      mentionHere: false,
      reactions: [],
      deletedAt: new Date(1).toISOString(),
    });
    expect(gone.mentions).not.toBe(tombstone(pinned, new Date(1).toISOString()).mentions);
  });
});

describe('runs of messages by one author', () => {
  // Local times, so that "the same day" holds in any time zone the tests run in.
  const at = (day: number, h: number, min: number, s = 0) => new Date(2026, 0, day, h, min, s).toISOString();
  const by = (seq: number, authorId: string | null, createdAt: string, extra: Partial<Message> = {}) => ({
    ...msg(seq),
    authorId,
    createdAt,
    ...extra,
  });
  const runs = (list: Message[]) => list.map((m, i) => continuesRun(list[i - 1], m));

  it('groups one author within five minutes, and starts again after a longer pause', () => {
    const list = [
      by(1, 'ann', at(5, 10, 0)),
      by(2, 'ann', at(5, 10, 4, 59)),
      by(3, 'ann', at(5, 10, 9, 59)),
      by(4, 'ann', at(5, 10, 15, 0)),
    ];
    expect(runs(list)).toEqual([false, true, true, false]);
    expect(RUN_GAP_MS).toBe(5 * 60_000);
  });

  it('a different author, a new day, a deletion or a thread root with replies break the run', () => {
    const list = [
      by(1, 'ann', at(5, 23, 57)),
      by(2, 'bob', at(5, 23, 58)),
      by(3, 'bob', at(6, 0, 1)),
      by(4, 'bob', at(6, 0, 2), { deletedAt: at(6, 0, 3) }),
      by(5, 'bob', at(6, 0, 3)),
      by(6, 'bob', at(6, 0, 4), { replyCount: 2 }),
      by(7, 'bob', at(6, 0, 5)),
      by(8, null, at(6, 0, 6)),
      by(9, null, at(6, 0, 6)),
    ];
    expect(runs(list)).toEqual([false, false, false, false, false, true, false, false, false]);
  });

  it('a message stamped before the one above it starts a run of its own', () => {
    expect(continuesRun(by(1, 'ann', at(5, 10, 5)), by(2, 'ann', at(5, 10, 0)))).toBe(false);
  });
});

describe('the first unread message', () => {
  const from = (seq: number, authorId = 'ann', extra: Partial<Message> = {}) => ({
    ...msg(seq),
    authorId,
    ...extra,
  });
  const list = [from(3), from(4), from(6, 'me'), from(8, 'bob', { deletedAt: 'x' }), from(9), from(12)];

  it("is the first message after the mark that is someone else's and still stands", () => {
    expect(firstUnread(list, { readSeq: 4, upTo: 12 }, 'me', false)).toBe(4);
    expect(firstUnread(list, { readSeq: 3, upTo: 12 }, 'me', false)).toBe(1);
    expect(firstUnread(list, { readSeq: 5, upTo: 12 }, 'me', true)).toBe(4);
  });

  it('ignores what arrived after the conversation opened, and there may be none', () => {
    expect(firstUnread(list, { readSeq: 9, upTo: 9 }, 'me', false)).toBe(-1);
    expect(firstUnread(list, { readSeq: 9, upTo: 11 }, 'me', false)).toBe(-1);
    expect(firstUnread(list, { readSeq: 12, upTo: 15 }, 'me', false)).toBe(-1);
  });

  it('may lie before the loaded window unless the window starts right after the mark', () => {
    expect(firstUnread(list, { readSeq: 1, upTo: 12 }, 'me', true)).toBe('before');
    expect(firstUnread(list, { readSeq: 2, upTo: 12 }, 'me', true)).toBe(0);
    expect(firstUnread(list, { readSeq: 1, upTo: 12 }, 'me', false)).toBe(0);
  });
});

describe('listMove', () => {
  it('moves one message at a time, clamped, and jumps with Home and End', () => {
    expect(listMove(2, 5, 'ArrowDown')).toBe(3);
    expect(listMove(4, 5, 'ArrowDown')).toBe(4);
    expect(listMove(0, 5, 'ArrowUp')).toBe(0);
    expect(listMove(3, 5, 'Home')).toBe(0);
    expect(listMove(1, 5, 'End')).toBe(4);
    expect(listMove(1, 5, 'Enter')).toBeNull();
    expect(listMove(0, 0, 'End')).toBeNull();
  });
});
