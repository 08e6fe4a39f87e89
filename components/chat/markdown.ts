/**
 * The message Markdown subset, parsed into a small tree that Markdown.tsx turns into React elements.
 * Nothing here produces HTML: every piece of user text ends up as a React text node, and the only
 * attribute taken from user text is a link's href, which must parse as an absolute http(s)/mailto URL.
 *
 * Blocks: paragraphs (blank-line separated, single newlines are line breaks), fenced code blocks,
 * bulleted (`- `, `* `) and numbered (`1. `) lists, nested by indenting (markdown-lists.ts), and block
 * quotes (`> `), which hold paragraphs, lists and code but no further quote.
 * Inline: `code`, **bold**, *italic* / _italic_, ~~struck~~, [label](url), bare http(s) URLs, <@userId>,
 * @channel and @here. Anything else, including HTML, is plain text. A code span ends at the first
 * later run of at least as many backticks (the rest of a longer run is text); no link starts inside
 * a URL that was rejected, and past MAX_REJECTED_URLS rejections in a message none starts at all.
 *
 * Parsing takes time linear in the text, whatever it holds (markdown-scan.ts says how): every
 * viewer's browser parses every message, so a slow case would let one sender freeze them all.
 */
import { replaceUserMentions } from '@/shared/mentions';
import { MAX_REJECTED_URLS, parseInline, type Inline, type UrlBudget } from './markdown-inline';
import { indentOf, ListDraft, type DraftList } from './markdown-lists';
import type { Meter } from './markdown-scan';

export { MAX_REJECTED_URLS, parseInline, type Inline } from './markdown-inline';
export type { Meter } from './markdown-scan';
export { MAX_LIST_DEPTH } from './markdown-lists';

/** A list item: its text, then any lists indented under it. */
export interface ListItem {
  c: Inline[];
  sub: ListBlock[];
}
export type ListBlock = { t: 'ul'; items: ListItem[] } | { t: 'ol'; start: number; items: ListItem[] };

export type Block =
  { t: 'p'; c: Inline[] } | { t: 'pre'; v: string } | ListBlock | { t: 'quote'; c: Block[] };

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// A list starts with a marker indented at most three spaces; inside one, deeper markers nest.
const BULLET = /^([ \t]*)[-*] +(?=\S)/;
const NUMBERED = /^([ \t]*)(\d{1,9})[.)] +(?=\S)/;
const MAX_TOP_INDENT = 3;
const QUOTE = /^ {0,3}> ?/;

/** The blocks of a message; `meter`, when given, counts the characters examined (see markdown-scan). */
export function parseBlocks(src: string, meter: Meter = { visits: 0 }): Block[] {
  // Normalising and splitting read the text once each; blocksOf says what it reads per line.
  meter.visits += 2 * src.length;
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  return blocksOf(lines, meter, { rejectionsLeft: MAX_REJECTED_URLS }, true);
}

/**
 * The blocks of some lines. Per line: the fence, blank, quote, bullet and number tests, measuring a
 * marker's indent, and joining the lines of a block again, each reading the line at most once (8
 * visits a character). A quote's lines are tested once more for `>` and read again, without it, as
 * blocks of their own; inside a quote a `>` is text, so a line is read at most 16 times whatever it
 * holds.
 */
function blocksOf(lines: string[], meter: Meter, urls: UrlBudget, quotes: boolean): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  // In an object, not a variable: TypeScript would keep `null` for a variable that flush() resets.
  const open: { list: ListDraft | null } = { list: null };
  const flush = () => {
    if (para.length) blocks.push({ t: 'p', c: parseInline(para.join('\n'), meter, urls) });
    para = [];
    if (open.list) blocks.push(listOf(open.list.root, meter, urls));
    open.list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    meter.visits += 8 * line.length + 8;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i++;
      while (i < lines.length && !isClosingFence(lines[i] ?? '', marker)) {
        meter.visits += 7 * (lines[i] ?? '').length + 7;
        body.push(lines[i++] ?? '');
      }
      blocks.push({ t: 'pre', v: body.join('\n') });
      continue; // i is on the closing fence (or past the end); the loop steps over it
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const quote = quotes ? QUOTE.exec(line) : null;
    if (quote) {
      flush();
      const inner: string[] = [];
      for (; i < lines.length; i++) {
        const q = QUOTE.exec(lines[i] ?? '');
        meter.visits += (lines[i] ?? '').length + 1;
        if (!q) break;
        inner.push((lines[i] ?? '').slice(q[0].length));
      }
      i--; // the loop steps onto the first line after the quote
      blocks.push({ t: 'quote', c: blocksOf(inner, meter, urls, false) });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const marker = bullet ?? numbered;
    const indent = marker ? indentOf(marker[1] ?? '') : 0;
    if (marker && (open.list || indent <= MAX_TOP_INDENT)) {
      const t = bullet ? 'ul' : 'ol';
      const start = Number(numbered?.[2] ?? 1);
      const text = line.slice(marker[0].length);
      if (para.length || !open.list?.add(t, start, indent, text)) {
        flush();
        open.list = new ListDraft(t, start, indent, text);
      }
    } else if (open.list) {
      // A line under an item, not a new one: it continues that item, on a line of its own.
      open.list.continueItem(line);
    } else {
      para.push(line);
    }
  }
  flush();
  return blocks;
}

function listOf(list: DraftList, meter: Meter, urls: UrlBudget): ListBlock {
  const items = list.items.map((item) => ({
    c: parseInline(item.text, meter, urls),
    sub: item.sub.map((inner) => listOf(inner, meter, urls)),
  }));
  return list.t === 'ul' ? { t: 'ul', items } : { t: 'ol', start: list.start, items };
}

function isClosingFence(line: string, marker: string): boolean {
  const m = FENCE.exec(line);
  return !!m && m[1]![0] === marker[0] && m[1]!.length >= marker.length && line.trim() === m[1];
}

/** The text of a message as a one-line plain preview (mentions as names), for titles and lists. */
export function plainText(src: string, nameOf: (id: string) => string | undefined): string {
  return replaceUserMentions(src, (id) => `@${nameOf(id) ?? 'unknown'}`)
    .replace(/\s+/g, ' ')
    .trim();
}
