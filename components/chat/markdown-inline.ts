import {
  BROADCAST_MENTIONS,
  broadcastMention,
  isMentionIdChar,
  MENTION_ID_MAX,
  type BroadcastToken,
} from '@/shared/mentions';
import { safeHref } from '@/shared/link-url';
import {
  BACKTICK,
  Cursor,
  emCloser,
  isSpace,
  isWordish,
  LBRACKET,
  next,
  LPAREN,
  NEWLINE,
  RPAREN,
  space,
  STAR,
  strikeCloser,
  strongCloser,
  tickClosers,
  TILDE,
  UNDERSCORE,
  UrlEnds,
  urlStop,
  type Meter,
} from './markdown-scan';

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'br' }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'user'; id: string }
  | { t: 'special'; v: BroadcastToken };

/**
 * How many rejected URLs one message may make the parser try. A rejection is the URL parser's
 * exception, some microseconds each (a stack trace), so a message of nothing but bad URLs would
 * cost a hundred times plain text; past this many, later candidates stay text. No honest message
 * comes near it.
 */
export const MAX_REJECTED_URLS = 16;

/** Shared by the paragraphs of one message. */
export interface UrlBudget {
  rejectionsLeft: number;
}

// Past this nesting depth the rest is plain text: a hostile message cannot blow the stack.
const MAX_DEPTH = 6;
const LT = '<'.charCodeAt(0);
const GT = '>'.charCodeAt(0);
const AT = '@'.charCodeAt(0);
const H = 'h'.charCodeAt(0);
/** `@channel`, `@here`: the words of the shared mention grammar, as they are written. */
const SPECIALS = BROADCAST_MENTIONS.map(broadcastMention);
/** What a bare URL does not end with: the sentence's punctuation. */
const TRAILING = new Uint8Array(128);
for (const ch of '.,;:!?*_~') TRAILING[ch.charCodeAt(0)] = 1;
/** The ASCII characters that may open something; the parser steps over every other one at once. */
const OPENS = new Uint8Array(128);
for (const ch of '\n`*_~[<@h') OPENS[ch.charCodeAt(0)] = 1;

/**
 * One parse of one paragraph. Positions are absolute in `s`; a nested span is `[a, b)` of the same
 * string, so the searches (made once, over the whole text) serve every depth. A span's ends always
 * sit next to a marker (`*`, `_`, `[`, `]`), never inside a run of backticks or a URL.
 */
class InlineParser {
  private readonly strong: Cursor;
  private readonly strike: Cursor;
  private readonly emStar: Cursor;
  private readonly emUnder: Cursor;
  private readonly linkMiddle: Cursor;
  private readonly labelBracket: Cursor;
  private readonly labelBreak: Cursor;
  private readonly space: Cursor;
  private readonly bareUrlEnd: Cursor;
  private readonly linkUrlEnds: UrlEnds;
  private ticks: Int32Array | null = null;
  /**
   * A link or bare URL that failed `safeHref` ends here: none may start before it. The URL parser
   * reads the whole candidate, and candidates inside a rejected one would be read again and again.
   * Past the message's budget of rejections none starts at all.
   */
  private noLinkBefore = 0;
  /** Set by `at()`: where the text after its construct starts, and where the scan goes on. */
  private next = 0;
  private after = 0;

  constructor(
    private readonly s: string,
    private readonly m: Meter,
    private readonly urls: UrlBudget,
  ) {
    this.strong = new Cursor(m, strongCloser(s));
    this.strike = new Cursor(m, strikeCloser(s));
    this.emStar = new Cursor(m, emCloser(s, '*'));
    this.emUnder = new Cursor(m, emCloser(s, '_'));
    this.linkMiddle = new Cursor(m, next(s, ']('));
    this.labelBracket = new Cursor(m, next(s, '['));
    this.labelBreak = new Cursor(m, next(s, '\n'));
    this.space = new Cursor(m, space(s));
    this.bareUrlEnd = new Cursor(m, urlStop(s));
    this.linkUrlEnds = new UrlEnds(s, m, this.space);
  }

  span(a: number, b: number, depth: number, links: boolean): Inline[] {
    const { s, m } = this;
    if (depth > MAX_DEPTH) {
      m.visits += b - a;
      return [{ t: 'text', v: s.slice(a, b) }];
    }
    const out: Inline[] = [];
    let textFrom = a;
    let i = a;
    let steps = 0;
    while (i < b) {
      steps++;
      const c = s.charCodeAt(i);
      if (c >= 128 || OPENS[c] === 0) {
        i++;
        continue;
      }
      const node = this.at(c, i, a, b, depth, links);
      if (node) {
        if (textFrom < i) out.push({ t: 'text', v: s.slice(textFrom, i) });
        out.push(node);
        textFrom = this.next;
      }
      i = this.after;
    }
    m.visits += steps;
    if (textFrom < b) out.push({ t: 'text', v: s.slice(textFrom, b) });
    return out;
  }

  /**
   * The construct opened by `c` at `i` inside the span `[a, b)`, or null. Sets `next` and `after`;
   * they differ only after a code span whose closing run is longer than its opening one.
   */
  private at(c: number, i: number, a: number, b: number, depth: number, links: boolean): Inline | null {
    const { s, m } = this;
    const prev = i > a ? s.charCodeAt(i - 1) : NaN;
    this.after = i + 1;
    let node: Inline | null = null;
    if (c === NEWLINE) {
      node = { t: 'br' };
      this.next = i + 1;
    } else if (c === BACKTICK) {
      let n = 1;
      while (i + n < b && s.charCodeAt(i + n) === BACKTICK) n++;
      m.visits += n;
      this.after = i + n;
      const close = (this.ticks ??= tickClosers(s, m))[i]!;
      if (close >= 0 && close < b) {
        let e = close + n;
        while (e < b && s.charCodeAt(e) === BACKTICK) e++; // the rest of a longer closing run stays text
        m.visits += 2 * (e - i);
        node = { t: 'code', v: s.slice(i + n, close) };
        this.next = close + n;
        this.after = e;
      }
    } else if (c === STAR && i + 1 < b && s.charCodeAt(i + 1) === STAR) {
      const from = i + 2;
      const end = from < b && !isSpace(s.charCodeAt(from)) ? this.strong.from(from + 1) : b;
      this.after = i + 2;
      if (end + 1 < b) {
        node = { t: 'strong', c: this.span(from, end, depth + 1, links) };
        this.next = this.after = end + 2;
      }
    } else if (c === TILDE && i + 1 < b && s.charCodeAt(i + 1) === TILDE) {
      // ~~struck~~: the same rules as **bold** (not padded inside, closed by the first later `~~`).
      const from = i + 2;
      const end = from < b && !isSpace(s.charCodeAt(from)) ? this.strike.from(from + 1) : b;
      this.after = i + 2;
      if (end + 1 < b) {
        node = { t: 'del', c: this.span(from, end, depth + 1, links) };
        this.next = this.after = end + 2;
      }
    } else if (c === STAR || (c === UNDERSCORE && !isWordish(prev))) {
      const end = this.emClose(c, i + 1, b);
      if (end >= 0 && !(c === UNDERSCORE && end + 1 < b && isWordish(s.charCodeAt(end + 1)))) {
        node = { t: 'em', c: this.span(i + 1, end, depth + 1, links) };
        this.next = this.after = end + 1;
      }
    } else if (c === LBRACKET) {
      const link = links && this.mayLink(i) ? this.link(i, b) : null;
      if (link) {
        node = { t: 'link', href: link.href, c: this.span(i + 1, link.close, depth + 1, false) };
        this.next = this.after = link.end;
      }
    } else if (c === LT) {
      const end = i + 1 < b && s.charCodeAt(i + 1) === AT ? this.userMention(i, b) : -1;
      if (end > 0) {
        node = { t: 'user', id: s.slice(i + 2, end) };
        this.next = this.after = end + 1;
      }
    } else if (c === AT) {
      const word = !isWordish(prev) && prev !== AT ? this.special(i, b) : null;
      if (word) {
        node = { t: 'special', v: word };
        this.next = this.after = i + word.length;
      }
    } else if (c === H) {
      const url = links && !isWordish(prev) && this.mayLink(i) ? this.bareUrl(i, b) : null;
      if (url) {
        node = { t: 'link', href: url.href, c: [{ t: 'text', v: url.raw }] };
        this.next = this.after = i + url.raw.length;
      }
    }
    return node;
  }

  /** The closing `*` or `_` of a span opened just before `from` (non-empty, not padded), or -1. */
  private emClose(marker: number, from: number, b: number): number {
    const { s } = this;
    if (from >= b || isSpace(s.charCodeAt(from))) return -1;
    const j = (marker === STAR ? this.emStar : this.emUnder).from(from + 1);
    if (j < b - 1) return j;
    // The span's last character has nothing after it inside the span, so it cannot be doubled there.
    const last = b - 1;
    const before = s.charCodeAt(last - 1);
    if (last > from && s.charCodeAt(last) === marker && before !== marker && !isSpace(before)) return last;
    return -1;
  }

  /** `[label](url)` at `i`, when the label is one line without `[` and the URL is allowed. */
  private link(i: number, b: number): { href: string; close: number; end: number } | null {
    const { s, m } = this;
    const close = this.linkMiddle.from(i + 1);
    if (close + 1 >= b || close === i + 1) return null;
    if (this.labelBracket.from(i + 1) < close || this.labelBreak.from(i + 1) < close) return null;
    const from = close + 2;
    const end = from < b ? this.linkUrlEnds.from(from) : -1;
    if (end < 0 || end >= b) return null;
    m.visits += end - from;
    const href = safeHref(s.slice(from, end));
    if (!href) this.rejected(end + 1);
    return href ? { href, close, end: end + 1 } : null;
  }

  private mayLink(i: number): boolean {
    return i >= this.noLinkBefore && this.urls.rejectionsLeft > 0;
  }

  private rejected(end: number) {
    this.noLinkBefore = end;
    this.urls.rejectionsLeft--;
  }

  /** The index of the `>` of `<@id>` at `i` (an id as the shared grammar has it), or -1. */
  private userMention(i: number, b: number): number {
    const { s } = this;
    let k = i + 2;
    while (k < b && k - i - 2 < MENTION_ID_MAX && isMentionIdChar(s.charCodeAt(k))) k++;
    this.m.visits += k - i;
    return k > i + 2 && k < b && s.charCodeAt(k) === GT ? k : -1;
  }

  private special(i: number, b: number): BroadcastToken | null {
    for (const word of SPECIALS) {
      if (!this.wordAt(i, b, word)) continue;
      const after = i + word.length;
      return after < b && isWordish(this.s.charCodeAt(after)) ? null : word;
    }
    return null;
  }

  /** Whether `word` is written at `i`, inside the span; counts the characters compared. */
  private wordAt(i: number, b: number, word: string): boolean {
    let k = 0;
    while (k < word.length && i + k < b && this.s.charCodeAt(i + k) === word.charCodeAt(k)) k++;
    this.m.visits += k + 1;
    return k === word.length;
  }

  /**
   * An http(s) URL at `i`, without the sentence's closing punctuation or an unbalanced `)`.
   * Everything up to the next white space or `<>"'\`` is the candidate, read once.
   */
  private bareUrl(i: number, b: number): { href: string; raw: string } | null {
    const { s, m } = this;
    const scheme = this.wordAt(i, b, 'https://') ? 8 : this.wordAt(i, b, 'http://') ? 7 : 0;
    if (!scheme) return null;
    const stop = Math.min(this.bareUrlEnd.from(i), b);
    if (stop <= i + scheme) return null;
    let opened = 0;
    let closed = 0;
    for (let k = i; k < stop; k++) {
      const c = s.charCodeAt(k);
      if (c === LPAREN) opened++;
      else if (c === RPAREN) closed++;
    }
    let e = stop;
    for (;;) {
      const last = s.charCodeAt(e - 1);
      if (last < 128 && TRAILING[last] === 1) e--;
      else if (last === RPAREN && opened < closed) {
        closed--;
        e--;
      } else break;
    }
    m.visits += 2 * (stop - i) + (stop - e);
    const raw = s.slice(i, e);
    const href = safeHref(raw);
    if (!href) this.rejected(stop);
    return href ? { href, raw } : null;
  }
}

/**
 * The inline tree of one paragraph; `meter`, when given, counts the characters examined, and `urls`
 * is the message's budget of rejected URLs (see MAX_REJECTED_URLS).
 */
export function parseInline(
  s: string,
  meter: Meter = { visits: 0 },
  urls: UrlBudget = { rejectionsLeft: MAX_REJECTED_URLS },
): Inline[] {
  return new InlineParser(s, meter, urls).span(0, s.length, 0, true);
}
