/**
 * The message Markdown subset, parsed into a small tree that Markdown.tsx turns into React elements.
 * Nothing here produces HTML: every piece of user text ends up as a React text node, and the only
 * attribute taken from user text is a link's href, which must parse as an absolute http(s)/mailto URL.
 *
 * Blocks: paragraphs (blank-line separated, single newlines are line breaks) and fenced code blocks.
 * Inline: `code`, **bold**, *italic* / _italic_, [label](url), bare http(s) URLs, <@userId>,
 * @channel and @here. Anything else, including HTML, is plain text. A code span ends at the first
 * later run of at least as many backticks (the rest of a longer run is text); no link starts inside
 * a URL that was rejected, and past MAX_REJECTED_URLS rejections in a message none starts at all.
 *
 * Parsing takes time linear in the text, whatever it holds (markdown-scan.ts says how): every
 * viewer's browser parses every message, so a slow case would let one sender freeze them all.
 */
import { replaceUserMentions } from '@/shared/mentions';
import { MAX_REJECTED_URLS, parseInline, type Inline } from './markdown-inline';
import type { Meter } from './markdown-scan';

export { MAX_REJECTED_URLS, parseInline, safeHref, type Inline } from './markdown-inline';
export type { Meter } from './markdown-scan';

export type Block = { t: 'p'; c: Inline[] } | { t: 'pre'; v: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The blocks of a message; `meter`, when given, counts the characters examined (see markdown-scan). */
export function parseBlocks(src: string, meter: Meter = { visits: 0 }): Block[] {
  // Normalising, splitting, per line the fence test and the blank test, and joining the lines of a
  // paragraph or code block again: each reads the text at most once.
  meter.visits += 5 * src.length;
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  const urls = { rejectionsLeft: MAX_REJECTED_URLS };
  let para: string[] = [];
  const flush = () => {
    if (para.length) {
      blocks.push({ t: 'p', c: parseInline(para.join('\n'), meter, urls) });
    }
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i++;
      while (i < lines.length && !isClosingFence(lines[i] ?? '', marker)) body.push(lines[i++] ?? '');
      blocks.push({ t: 'pre', v: body.join('\n') });
      continue; // i is on the closing fence (or past the end); the loop steps over it
    }
    if (line.trim() === '') flush();
    else para.push(line);
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
