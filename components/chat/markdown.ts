/**
 * The message Markdown subset, parsed into a small tree that Markdown.tsx turns into React elements.
 * Nothing here produces HTML: every piece of user text ends up as a React text node, and the only
 * attribute taken from user text is a link's href, which must parse as an absolute http(s)/mailto URL.
 *
 * Blocks: paragraphs (blank-line separated, single newlines are line breaks), fenced code blocks,
 * bulleted (`- `, `* `) and numbered (`1. `) lists, one level each, and block quotes (`> `), which
 * hold paragraphs, lists and code but no further quote.
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
import type { Meter } from './markdown-scan';

export { MAX_REJECTED_URLS, parseInline, type Inline } from './markdown-inline';
export type { Meter } from './markdown-scan';

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'pre'; v: string }
  | { t: 'ul'; items: Inline[][] }
  | { t: 'ol'; start: number; items: Inline[][] }
  | { t: 'quote'; c: Block[] };

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BULLET = /^ {0,3}[-*] +(?=\S)/;
const NUMBERED = /^ {0,3}(\d{1,9})[.)] +(?=\S)/;
const QUOTE = /^ {0,3}> ?/;

/** The blocks of a message; `meter`, when given, counts the characters examined (see markdown-scan). */
export function parseBlocks(src: string, meter: Meter = { visits: 0 }): Block[] {
  // Normalising and splitting read the text once each; blocksOf says what it reads per line.
  meter.visits += 2 * src.length;
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  return blocksOf(lines, meter, { rejectionsLeft: MAX_REJECTED_URLS }, true);
}

/**
 * The blocks of some lines. Per line: the fence, blank, quote, bullet and number tests, and joining
 * the lines of a block again, each reading the line at most once (7 visits a character). A quote's
 * lines are tested once more for `>` and read again, without it, as blocks of their own; inside a
 * quote a `>` is text, so a line is read at most 15 times whatever it holds.
 */
function blocksOf(lines: string[], meter: Meter, urls: UrlBudget, quotes: boolean): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  // In an object, not a variable: TypeScript would keep `null` for a variable that flush() resets.
  const open: { list: { t: 'ul' | 'ol'; start: number; items: string[] } | null } = { list: null };
  const flush = () => {
    if (para.length) blocks.push({ t: 'p', c: parseInline(para.join('\n'), meter, urls) });
    para = [];
    const { list } = open;
    if (list) {
      const items = list.items.map((item) => parseInline(item, meter, urls));
      blocks.push(list.t === 'ul' ? { t: 'ul', items } : { t: 'ol', start: list.start, items });
    }
    open.list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    meter.visits += 7 * line.length + 7;
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
    if (marker) {
      const t = bullet ? 'ul' : 'ol';
      if (para.length || open.list?.t !== t) flush();
      open.list ??= { t, start: Number(numbered?.[1] ?? 1), items: [] };
      open.list.items.push(line.slice(marker[0].length));
    } else if (open.list) {
      // A line under an item, not a new one: it continues that item, on a line of its own.
      const { items } = open.list;
      items[items.length - 1] += `\n${line}`;
    } else {
      para.push(line);
    }
  }
  flush();
  return blocks;
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
