import type { SidebarItem } from './use-conversations';

export interface SwitcherItem {
  id: string;
  name: string;
  prefix: string;
  /** What kind of place it is, read after the name ("channel", "not joined", "direct message"…). */
  detail: string;
  unread: number;
  mentions: number;
}

export interface SwitcherLists {
  mine: readonly SidebarItem[];
  /** Public channels the person is not in. */
  others: readonly { id: string; name: string; isPrivate: boolean }[];
  dms: readonly SidebarItem[];
  recs: readonly SidebarItem[];
  visits: readonly SidebarItem[];
}

const detailOf = (c: SidebarItem, visitor: boolean) =>
  visitor
    ? 'visitor'
    : c.kind === 'channel'
      ? 'channel'
      : c.kind === 'dm'
        ? 'direct message'
        : c.kind === 'group'
          ? 'group message'
          : 'record';

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/**
 * The quick switcher's list: every conversation once (sidebar order), those whose name holds the
 * query (case- and accent-insensitive), names that start with it before the rest, and conversations
 * with unread messages ahead of read ones, mentions first among them.
 */
export function switcherItems(lists: SwitcherLists, query: string): SwitcherItem[] {
  const seen = new Set<string>();
  const all: SwitcherItem[] = [];
  const add = (item: SwitcherItem) => {
    if (seen.has(item.id)) return;
    seen.add(item.id);
    all.push(item);
  };
  for (const c of lists.mine) add({ ...pick(c), detail: detailOf(c, false) });
  for (const c of lists.others) {
    add({ id: c.id, name: c.name, prefix: '#', detail: 'not joined', unread: 0, mentions: 0 });
  }
  for (const c of lists.dms) add({ ...pick(c), detail: detailOf(c, false) });
  for (const c of lists.recs) add({ ...pick(c), detail: detailOf(c, false) });
  for (const c of lists.visits) add({ ...pick(c), detail: detailOf(c, true) });

  const q = fold(query.trim().replace(/^[#@]/, ''));
  const rank = (item: SwitcherItem) => {
    const name = fold(item.name);
    const at = q ? name.indexOf(q) : 0;
    if (at < 0) return null;
    // Lower sorts first: unread (mentions before plain unread), then a match at the start.
    return (item.mentions > 0 ? 0 : item.unread > 0 ? 1 : 2) * 2 + (at === 0 ? 0 : 1);
  };
  return all
    .map((item, order) => ({ item, order, rank: rank(item) }))
    .filter((r): r is { item: SwitcherItem; order: number; rank: number } => r.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((r) => r.item);
}

function pick(c: SidebarItem) {
  return { id: c.id, name: c.name, prefix: c.prefix, unread: c.unread, mentions: c.mentions };
}
