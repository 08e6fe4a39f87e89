import { describe, expect, it } from 'vitest';
import type { SidebarItem } from './use-conversations';
import { tabTitle, unreadTotal } from './use-tab-title';

const item = (id: string, unread: number, awaitingReply?: boolean): SidebarItem => ({
  id,
  kind: 'channel',
  name: id,
  prefix: '#',
  unread,
  mentions: 0,
  awaitingReply,
});

describe('the tab title', () => {
  it('counts every unread message, not the conversations that have some', () => {
    expect(unreadTotal([item('general', 2), item('random', 0), item('dm', 1)])).toBe(3);
    expect(unreadTotal([])).toBe(0);
  });

  it('counts a waiting visitor once, and a conversation listed twice once', () => {
    const visit = item('visit', 0, true);
    expect(unreadTotal([item('general', 1), visit, visit])).toBe(2);
    expect(unreadTotal([item('visit', 4, true), item('visit', 4, true)])).toBe(4);
  });

  it('reads "(3) general · Acme — Enclave"', () => {
    expect(tabTitle(3, 'general', 'Acme')).toBe('(3) general · Acme — Enclave');
    expect(tabTitle(0, 'Search', 'Acme')).toBe('Search · Acme — Enclave');
    expect(tabTitle(1, null, 'Acme')).toBe('(1) Acme — Enclave');
  });
});
