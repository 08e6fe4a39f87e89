/**
 * Lists as they are typed: an item whose marker is indented two or more spaces past the item above
 * it starts a list inside that item, and one indented less closes the inner lists down to the level
 * it fits (one still two spaces past a list's parent stays in that list). Nesting stops at MAX_LIST_DEPTH (deeper items join the deepest list), so one message
 * cannot build a tree deep enough to exhaust the renderer's stack. Each line is handled once and
 * each level is opened and closed once, so the work stays linear in the text.
 */

/** Lists inside lists, at most this deep (the top level counts as one). */
export const MAX_LIST_DEPTH = 6;

export interface DraftItem {
  text: string;
  sub: DraftList[];
}
export interface DraftList {
  t: 'ul' | 'ol';
  start: number;
  items: DraftItem[];
}

interface Level {
  indent: number;
  list: DraftList;
}

/** How far a line's marker is indented, a tab counting as four spaces. */
export function indentOf(lead: string): number {
  let n = 0;
  for (const ch of lead) n += ch === '\t' ? 4 : 1;
  return n;
}

const lastItem = (list: DraftList): DraftItem => list.items[list.items.length - 1]!;

/** One top-level list while it is being read, with the lists open inside it. */
export class ListDraft {
  readonly root: DraftList;
  private readonly levels: Level[];

  constructor(t: DraftList['t'], start: number, indent: number, text: string) {
    this.root = { t, start, items: [{ text, sub: [] }] };
    this.levels = [{ indent, list: this.root }];
  }

  private get top(): Level {
    return this.levels[this.levels.length - 1]!;
  }

  private get parent(): Level {
    return this.levels[this.levels.length - 2]!;
  }

  /** Adds an item; false when it is of another kind at the top level, which starts a new list. */
  add(t: DraftList['t'], start: number, indent: number, text: string): boolean {
    // Close inner lists the item is outdented from, unless it still sits deeper than their parent.
    while (this.levels.length > 1 && indent < this.top.indent && indent < this.parent.indent + 2) {
      this.levels.pop();
    }
    const top = this.top;
    const deeper = indent >= top.indent + 2 && this.levels.length < MAX_LIST_DEPTH;
    if (!deeper && top.list.t === t) {
      top.list.items.push({ text, sub: [] });
      return true;
    }
    if (!deeper && this.levels.length === 1) return false;
    // A list inside the item above, or one of another kind beside an inner list.
    if (!deeper) this.levels.pop();
    const list: DraftList = { t, start, items: [{ text, sub: [] }] };
    lastItem(this.top.list).sub.push(list);
    this.levels.push({ indent: deeper ? indent : top.indent, list });
    return true;
  }

  /** A line under an item that is not an item itself: it continues the deepest open item. */
  continueItem(line: string): void {
    lastItem(this.top.list).text += `\n${line}`;
  }
}
