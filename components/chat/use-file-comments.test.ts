import { describe, expect, it } from 'vitest';
import { threadsOf, type FileComment } from './use-file-comments';

const c = (id: string, parentId: string | null): FileComment => ({
  id,
  fileId: 'f',
  parentId,
  version: 1,
  page: 1,
  rect: { x: 0, y: 0, w: 0, h: 0 },
  onEarlierVersion: false,
  authorId: 'u',
  body: id,
  resolvedAt: null,
  resolvedBy: null,
  createdAt: '2026-12-07T00:00:00.000Z',
});

describe('threadsOf', () => {
  it('numbers threads in order and puts each reply under its thread', () => {
    const t = threadsOf([
      c('a', null),
      c('b', null),
      c('a1', 'a'),
      c('b1', 'b'),
      c('a2', 'a'),
      c('x1', 'gone'),
    ]);
    expect(t.map((x) => [x.n, x.first.id, x.replies.map((r) => r.id)])).toEqual([
      [1, 'a', ['a1', 'a2']],
      [2, 'b', ['b1']],
    ]);
  });
});
