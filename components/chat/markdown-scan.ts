/**
 * The searches behind the inline Markdown parser, built so that a message costs time linear in its
 * length however it is written: each search either moves forward only (the parser asks with
 * non-decreasing positions, so a character is examined once per search) or is a table made in one
 * pass. A `Meter` counts the characters examined, for the test that bounds the parser's work.
 */

/** Characters examined so far (loop steps, and characters handed to a scan such as `new URL`). */
export interface Meter {
  visits: number;
}

const SPACE = /\s/;
const WORD = /[\p{L}\p{N}_]/u;
const WORD_ASCII = new Uint8Array(128);
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_') {
  WORD_ASCII[ch.charCodeAt(0)] = 1;
}

/** `/\s/` on one UTF-16 unit (NaN, past the end, is not). */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === c && SPACE.test(String.fromCharCode(c));
}

/** A letter, digit or `_` (one UTF-16 unit, as `/[\p{L}\p{N}_]/u` sees it); NaN is not. */
export function isWordish(c: number): boolean {
  if (c < 128) return WORD_ASCII[c] === 1;
  return c === c && WORD.test(String.fromCharCode(c));
}

const code = (ch: string) => ch.charCodeAt(0);
export const STAR = code('*');
export const TILDE = code('~');
export const UNDERSCORE = code('_');
export const NEWLINE = code('\n');
export const BACKTICK = code('`');
export const LBRACKET = code('[');
export const LPAREN = code('(');
export const RPAREN = code(')');

/**
 * The first position at or after `p` that `find` accepts (or the text's length). It remembers its
 * last answer: asked again from a later `p` up to that answer, it answers at once; past it, it scans
 * on from `p`. Asked from an earlier `p` it scans again (still correct, only slower).
 */
export class Cursor {
  private asked = -1;
  private at = -1;
  constructor(
    private readonly meter: Meter,
    private readonly find: (p: number) => number,
  ) {}

  from(p: number): number {
    if (p >= this.asked && p <= this.at) {
      this.asked = p;
      return this.at;
    }
    const j = this.find(p);
    this.meter.visits += j - p + 1;
    this.asked = p;
    this.at = j;
    return j;
  }
}

// The finders jump between candidates with indexOf or a regular expression (native scans, no
// backtracking: one character class, or a fixed string), then test the candidate.

/** Where `**` can close: right after text, not after white space. */
export const strongCloser = (s: string) => (p: number) => {
  for (let j = Math.max(p, 1); ; j++) {
    j = s.indexOf('**', j);
    if (j < 0) return s.length;
    if (!isSpace(s.charCodeAt(j - 1))) return j;
  }
};

/** Where `~~` can close: right after text, not after white space. */
export const strikeCloser = (s: string) => (p: number) => {
  for (let j = Math.max(p, 1); ; j++) {
    j = s.indexOf('~~', j);
    if (j < 0) return s.length;
    if (!isSpace(s.charCodeAt(j - 1))) return j;
  }
};

/** Where a single `*` or `_` can close: right after text, and neither half of a doubled marker. */
export const emCloser = (s: string, marker: string) => {
  const m = marker.charCodeAt(0);
  return (p: number) => {
    for (let j = Math.max(p, 1); ; j++) {
      j = s.indexOf(marker, j);
      if (j < 0) return s.length;
      const before = s.charCodeAt(j - 1);
      if (before !== m && s.charCodeAt(j + 1) !== m && !isSpace(before)) return j;
    }
  };
};

/** The first `needle` at or after p. */
export const next = (s: string, needle: string) => (p: number) => {
  const j = s.indexOf(needle, p);
  return j < 0 ? s.length : j;
};

/** The first match of a one-character class at or after p. */
const nextOf = (s: string, charClass: RegExp) => (p: number) => {
  charClass.lastIndex = p;
  return charClass.exec(s)?.index ?? s.length;
};

export const space = (s: string) => nextOf(s, /\s/g);

/** What ends a bare URL: the characters outside `[^\s<>"'`]`. */
export const urlStop = (s: string) => nextOf(s, /[\s<>"'`]/g);

/**
 * Where a link's URL that starts at p ends: the first `)` at which more parentheses have closed than
 * opened since p, before any white space (a URL holds none). Asked with non-decreasing p, it works
 * out the whole stretch without white space around p at once, from p on, and answers the later
 * questions in that stretch from the table; stretches do not overlap, so each character is read once.
 */
export class UrlEnds {
  private start = 0;
  private end = -1;
  private table = new Int32Array(0);

  constructor(
    private readonly s: string,
    private readonly meter: Meter,
    private readonly space: Cursor,
  ) {}

  /** The index of the closing `)`, or -1 when white space or the end comes first. */
  from(p: number): number {
    if (p < this.start || p > this.end) this.build(p);
    return this.table[p - this.start]!;
  }

  private build(p: number) {
    const { s } = this;
    const end = this.space.from(p);
    const n = end - p;
    // balance[k]: opened minus closed in s[p .. p+k); the answer for p+k is the first later k' whose
    // balance is lower (the `)` just before it), found right to left with a stack of candidates.
    const balance = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) {
      const c = s.charCodeAt(p + k);
      balance[k + 1] = balance[k]! + (c === LPAREN ? 1 : c === RPAREN ? -1 : 0);
    }
    const table = new Int32Array(n + 1);
    const stack = new Int32Array(n + 1);
    let top = 0;
    for (let k = n; k >= 0; k--) {
      while (top > 0 && balance[stack[top - 1]!]! >= balance[k]!) top--;
      table[k] = top > 0 ? p + stack[top - 1]! - 1 : -1;
      stack[top++] = k;
    }
    this.meter.visits += 3 * (n + 1);
    this.start = p;
    this.end = end;
    this.table = table;
  }
}

/**
 * For the first backtick of every run of backticks: where the code span it opens closes, the start
 * of the first later run at least as long (-1 when there is none). Runs are maximal, and the nearest
 * longer-or-equal run to the right comes from one pass with a stack.
 */
export function tickClosers(s: string, meter: Meter): Int32Array {
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let k = 0; k < s.length; k++) {
    if (s.charCodeAt(k) !== BACKTICK) continue;
    const start = k;
    while (s.charCodeAt(k + 1) === BACKTICK) k++;
    starts.push(start);
    lengths.push(k - start + 1);
  }
  const out = new Int32Array(s.length).fill(-1);
  const stack: number[] = [];
  for (let r = starts.length - 1; r >= 0; r--) {
    while (stack.length && lengths[stack.at(-1)!]! < lengths[r]!) stack.pop();
    if (stack.length) out[starts[r]!] = starts[stack.at(-1)!]!;
    stack.push(r);
  }
  meter.visits += s.length + 2 * starts.length;
  return out;
}
