import { describe, expect, it } from 'vitest';
import { findSeq, mergeMany, patchById, replaceIfHeld, tombstone, upsert } from './message-list';
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
