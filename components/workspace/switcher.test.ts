import { describe, expect, it } from 'vitest';
import { switcherItems, type SwitcherLists } from './switcher';
import type { SidebarItem } from './use-conversations';

const item = (id: string, name: string, extra: Partial<SidebarItem> = {}): SidebarItem => ({
  id,
  kind: 'channel',
  name,
  prefix: '#',
  unread: 0,
  mentions: 0,
  ...extra,
});

const lists: SwitcherLists = {
  mine: [item('g', 'general'), item('r', 'random', { unread: 3 }), item('d', 'design-review')],
  others: [{ id: 'o', name: 'offtopic', isPrivate: false }],
  dms: [item('dm', 'Ann Lee', { kind: 'dm', prefix: '@', mentions: 1, unread: 1 })],
  recs: [item('v', 'Visitor 7', { kind: 'subject', prefix: '§' })],
  visits: [
    item('v', 'Visitor 7', { kind: 'subject', prefix: '👤' }),
    item('w', 'Visitor 8', { kind: 'subject', prefix: '👤' }),
  ],
};
const ids = (q: string) => switcherItems(lists, q).map((i) => i.id);

describe('switcherItems', () => {
  it('lists every conversation once, mentions then unread first, the rest in sidebar order', () => {
    expect(ids('')).toEqual(['dm', 'r', 'g', 'd', 'o', 'v', 'w']);
  });
  it('keeps only names holding the query, case- and accent-insensitively', () => {
    expect(ids('GEN')).toEqual(['g']);
    expect(ids('ÀNN')).toEqual(['dm']);
    expect(ids('zzz')).toEqual([]);
  });
  it('puts names starting with the query before names containing it', () => {
    const two: SwitcherLists = { ...lists, mine: [item('a', 'ops-deploy'), item('b', 'deploys')] };
    expect(switcherItems(two, 'deploy').map((i) => i.id)).toEqual(['b', 'a']);
    // Unread outranks where the match is.
    expect(ids('n')).toEqual(['dm', 'r', 'g', 'd']);
  });
  it('ignores a leading # or @ as people type them', () => {
    expect(ids('#off')).toEqual(['o']);
    expect(ids('@ann')).toEqual(['dm']);
  });
  it('says what kind of place each one is', () => {
    const byId = new Map(switcherItems(lists, '').map((i) => [i.id, i.detail]));
    expect(byId.get('o')).toBe('not joined');
    expect(byId.get('dm')).toBe('direct message');
    expect(byId.get('v')).toBe('record');
    expect(byId.get('w')).toBe('visitor');
  });
});
