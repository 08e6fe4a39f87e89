/**
 * The message Markdown subset, parsed into a small tree that Markdown.tsx turns into React elements.
 * Nothing here produces HTML: every piece of user text ends up as a React text node, and the only
 * attribute taken from user text is a link's href, which must parse as an absolute http(s)/mailto URL.
 *
 * Blocks: paragraphs (blank-line separated, single newlines are line breaks) and fenced code blocks.
 * Inline: `code`, **bold**, *italic* / _italic_, [label](url), bare http(s) URLs, <@userId>,
 * @channel and @here. Anything else, including HTML, is plain text.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'br' }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'user'; id: string }
  | { t: 'special'; v: '@channel' | '@here' };

export type Block = { t: 'p'; c: Inline[] } | { t: 'pre'; v: string };

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The normalised URL when it is an absolute http:, https: or mailto: URL; otherwise null. */
export function safeHref(raw: string): string | null {
  let url: URL;
  try {
    // No base: relative and protocol-relative ("//host") references are not links.
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : null;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function parseBlocks(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ t: 'p', c: parseInline(para.join('\n')) });
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

// Past this nesting depth the rest is plain text: a hostile message cannot blow the stack.
const MAX_DEPTH = 6;
const USER_MENTION = /<@([A-Za-z0-9_-]{1,64})>/y;
const BARE_URL = /https?:\/\/[^\s<>"'`]+/y;
const WORDISH = /[\p{L}\p{N}_]/u;

interface Opts {
  depth: number;
  links: boolean;
}

export function parseInline(s: string, opts: Opts = { depth: 0, links: true }): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const pushText = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  const push = (node: Inline) => {
    pushText();
    out.push(node);
  };
  if (opts.depth > MAX_DEPTH) return [{ t: 'text', v: s }];
  const inner = (v: string, links = opts.links) => parseInline(v, { depth: opts.depth + 1, links });

  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    const prev = i > 0 ? s[i - 1]! : '';

    if (c === '\n') {
      push({ t: 'br' });
      i++;
      continue;
    }

    if (c === '`') {
      let n = 1;
      while (s[i + n] === '`') n++;
      const run = '`'.repeat(n);
      const end = s.indexOf(run, i + n);
      if (end > i + n) {
        push({ t: 'code', v: s.slice(i + n, end) });
        i = end + n;
      } else {
        text += run;
        i += n;
      }
      continue;
    }

    if (c === '*' && s[i + 1] === '*') {
      const end = findClose(s, '**', i + 2);
      if (end > 0) {
        push({ t: 'strong', c: inner(s.slice(i + 2, end)) });
        i = end + 2;
      } else {
        text += '**';
        i += 2;
      }
      continue;
    }

    if ((c === '*' || c === '_') && !(c === '_' && WORDISH.test(prev))) {
      const end = findClose(s, c, i + 1);
      if (end > 0 && !(c === '_' && WORDISH.test(s[end + 1] ?? ''))) {
        push({ t: 'em', c: inner(s.slice(i + 1, end)) });
        i = end + 1;
      } else {
        text += c;
        i++;
      }
      continue;
    }

    if (c === '[' && opts.links) {
      const link = readLink(s, i);
      if (link) {
        push({ t: 'link', href: link.href, c: inner(link.label, false) });
        i = link.end;
        continue;
      }
    }

    if (c === '<') {
      USER_MENTION.lastIndex = i;
      const m = USER_MENTION.exec(s);
      if (m) {
        push({ t: 'user', id: m[1]! });
        i += m[0].length;
        continue;
      }
    }

    if (c === '@' && !WORDISH.test(prev) && prev !== '@') {
      const word = s.startsWith('@channel', i) ? '@channel' : s.startsWith('@here', i) ? '@here' : null;
      if (word && !WORDISH.test(s[i + word.length] ?? '')) {
        push({ t: 'special', v: word });
        i += word.length;
        continue;
      }
    }

    if (c === 'h' && opts.links && !WORDISH.test(prev)) {
      BARE_URL.lastIndex = i;
      const m = BARE_URL.exec(s);
      if (m) {
        const raw = trimUrl(m[0]);
        const href = safeHref(raw);
        if (href) {
          push({ t: 'link', href, c: [{ t: 'text', v: raw }] });
          i += raw.length;
          continue;
        }
      }
    }

    text += c;
    i++;
  }
  pushText();
  return out;
}

/** The index of the closing marker, if the span between is non-empty and not padded with spaces. */
function findClose(s: string, marker: string, from: number): number {
  if (from >= s.length || /\s/.test(s[from]!)) return -1;
  let j = s.indexOf(marker, from);
  while (j > 0) {
    // `**` is not a closing `*`; the closing marker must hug the text.
    const doubled = marker.length === 1 && (s[j + 1] === marker || s[j - 1] === marker);
    if (j > from && !/\s/.test(s[j - 1]!) && !doubled) return j;
    j = s.indexOf(marker, j + 1);
  }
  return -1;
}

/** `[label](url)` starting at `i`, when the URL is allowed. */
function readLink(s: string, i: number): { label: string; href: string; end: number } | null {
  const close = s.indexOf('](', i + 1);
  if (close < 0) return null;
  const label = s.slice(i + 1, close);
  if (!label || label.includes('\n') || label.includes('[')) return null;
  let depth = 0;
  let j = close + 2;
  for (; j < s.length; j++) {
    const ch = s[j]!;
    if (/\s/.test(ch)) return null;
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) break;
      depth--;
    }
  }
  if (j >= s.length) return null;
  const href = safeHref(s.slice(close + 2, j));
  return href ? { label, href, end: j + 1 } : null;
}

/** A bare URL does not take the sentence's closing punctuation (or an unbalanced bracket) with it. */
function trimUrl(url: string): string {
  let u = url;
  for (;;) {
    const last = u.at(-1);
    if (last && '.,;:!?*_~'.includes(last)) u = u.slice(0, -1);
    else if (last === ')' && count(u, '(') < count(u, ')')) u = u.slice(0, -1);
    else return u;
  }
}
const count = (s: string, ch: string) => s.split(ch).length - 1;

/** The text of a message as a one-line plain preview (mentions as names), for titles and lists. */
export function plainText(src: string, nameOf: (id: string) => string | undefined): string {
  return src
    .replace(/<@([A-Za-z0-9_-]{1,64})>/g, (_, id: string) => `@${nameOf(id) ?? 'unknown'}`)
    .replace(/\s+/g, ' ')
    .trim();
}
