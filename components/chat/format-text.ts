/**
 * What the composer's formatting buttons and shortcuts do to its text, as edits: pure, so the
 * composer can apply them one at a time through the browser (which keeps undo and the mention pills'
 * positions) and tests can check them without one.
 */

/** Replace `[from, to)` of the original text with `insert`. */
export interface Edit {
  from: number;
  to: number;
  insert: string;
}

/** The edits (in the original's positions, sorted, not overlapping) and the selection after them. */
export interface Formatted {
  edits: Edit[];
  start: number;
  end: number;
}

export const FORMATS = ['bold', 'italic', 'strike', 'code', 'bullets', 'numbers', 'quote', 'link'] as const;
export type Format = (typeof FORMATS)[number];
type LineFormat = 'bullets' | 'numbers' | 'quote';

const INLINE: Record<Exclude<Format, LineFormat | 'link'>, string> = {
  bold: '**',
  italic: '*',
  strike: '~~',
  code: '`',
};

/**
 * The format a key press in the message box asks for, or null. `code` is the physical key, so the
 * shifted digits work on every keyboard layout.
 */
export function shortcutFormat(e: {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}): Format | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (!e.shiftKey) return key === 'b' ? 'bold' : key === 'i' ? 'italic' : key === 'e' ? 'code' : null;
  if (key === 'x') return 'strike';
  if (key === 'k') return 'link';
  return e.code === 'Digit8'
    ? 'bullets'
    : e.code === 'Digit7'
      ? 'numbers'
      : e.code === 'Digit9'
        ? 'quote'
        : null;
}

/** `text` after `edits` (as `format` returns them). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.from) + e.insert;
    at = e.to;
  }
  return out + text.slice(at);
}

/**
 * Formats the selection `[start, end)` of `text` (or, when it is empty, the caret's place). A link
 * needs its address first: the composer asks for it in a popover, and link-text.ts makes the edit.
 */
export function format(text: string, start: number, end: number, kind: Exclude<Format, 'link'>): Formatted {
  if (kind === 'bullets' || kind === 'numbers' || kind === 'quote') return lines(text, start, end, kind);
  return inline(text, start, end, INLINE[kind]);
}

/** Where `pos` would be after `edits`. */
function moved(edits: readonly Edit[], pos: number): number {
  let shift = 0;
  for (const e of edits) if (e.to <= pos) shift += e.insert.length - (e.to - e.from);
  return pos + shift;
}

const runOf = (text: string, ch: string, from: number, step: 1 | -1) => {
  let n = 0;
  while (text[from + n * step] === ch) n++;
  return n;
};

/**
 * Wraps the selection in `marker`, or unwraps it when the marker is already just around it. White
 * space at the selection's ends stays outside (a marker next to a space would not format). `*`
 * around `**bold**` is not italic: a run of one or three stars is, two is not.
 */
function inline(text: string, start: number, end: number, marker: string): Formatted {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  const ch = marker[0]!;
  const before = runOf(text, ch, start - 1, -1);
  const after = runOf(text, ch, end, 1);
  const n = marker.length;
  const wrapped = n === 1 ? before % 2 === 1 && after % 2 === 1 : before >= n && after >= n;
  if (wrapped) {
    const edits = [
      { from: start - n, to: start, insert: '' },
      { from: end, to: end + n, insert: '' },
    ];
    return { edits, start: start - n, end: end - n };
  }
  const edits = [
    { from: start, to: start, insert: marker },
    { from: end, to: end, insert: marker },
  ];
  return { edits, start: start + n, end: end + n };
}

// A list marker goes after the line's indent, so an indented line stays an inner item.
const PREFIX: Record<LineFormat, RegExp> = {
  bullets: /^([ \t]*)[-*] /,
  numbers: /^([ \t]*)\d{1,9}[.)] /,
  quote: /^()> ?/,
};
const INDENT: Record<LineFormat, RegExp> = { bullets: /^[ \t]*/, numbers: /^[ \t]*/, quote: /^/ };

/**
 * Starts every selected line (the caret's line when nothing is selected) with `- `, `1. ` (2., 3.…)
 * or `> `, list markers after the line's indent; when every non-blank one already has that start,
 * takes it away instead. The whole of the
 * lines is selected afterwards.
 */
function lines(text: string, start: number, end: number, kind: LineFormat): Formatted {
  // A selection that ends at the start of a line does not take that line in.
  const last = end > start && text[end - 1] === '\n' ? end - 1 : end;
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const stop = text.indexOf('\n', last);
  const to = stop < 0 ? text.length : stop;
  const starts: number[] = [];
  for (let at = from; at <= to; at = text.indexOf('\n', at) + 1 || to + 1) starts.push(at);
  const lineAt = (at: number) => text.slice(at, (text.indexOf('\n', at) + 1 || text.length + 1) - 1);
  const filled = starts.filter((at) => lineAt(at).trim() !== '' || starts.length === 1);
  const re = PREFIX[kind];
  const remove = filled.every((at) => re.test(lineAt(at)));
  const edits = filled.map((at, i): Edit => {
    if (remove) {
      const m = re.exec(lineAt(at))!;
      return { from: at + m[1]!.length, to: at + m[0].length, insert: '' };
    }
    const insert = kind === 'bullets' ? '- ' : kind === 'numbers' ? `${i + 1}. ` : '> ';
    const after = at + INDENT[kind].exec(lineAt(at))![0].length;
    return { from: after, to: after, insert };
  });
  return { edits, start: from, end: moved(edits, to) };
}
