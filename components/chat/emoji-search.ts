// The emoji picker's pure side: the dataset reshaped for searching, the search, and where the arrow
// keys go in a grid of sections. Kept apart from the component so it is tested without a browser.

/** The reactions offered first, with their names (the full dataset loads only when the picker opens). */
export const COMMON_EMOJIS = [
  { emoji: '👍', name: 'thumbs up' },
  { emoji: '❤️', name: 'red heart' },
  { emoji: '😂', name: 'face with tears of joy' },
  { emoji: '🎉', name: 'party popper' },
  { emoji: '😮', name: 'face with open mouth' },
  { emoji: '😢', name: 'crying face' },
  { emoji: '👀', name: 'eyes' },
  { emoji: '✅', name: 'check mark button' },
  { emoji: '🙏', name: 'folded hands' },
  { emoji: '🔥', name: 'fire' },
] as const;

export interface EmojiEntry {
  emoji: string;
  name: string;
  group: number;
  /** Lower-case words to match: the name's words, the CLDR keywords and the short-codes. */
  terms: readonly string[];
}

/** The fields of emojibase-data's compact dataset that the picker uses. */
export interface CompactEmoji {
  unicode: string;
  label: string;
  hexcode: string;
  group?: number;
  order?: number;
  tags?: readonly string[];
}

/** Emojibase's "components" group: skin tones and hair styles, not emoji on their own. */
const COMPONENT_GROUP = 2;
const VS16 = /\uFE0F/g;

/**
 * The dataset as the picker shows it: in Unicode order, without components, each with its search
 * terms. An emoji that is one of the common ones takes the common one's spelling (with or without
 * the variation selector), so picking it in either place adds to the same reaction.
 */
export function toEntries(
  data: readonly CompactEmoji[],
  shortcodes: Readonly<Record<string, string | readonly string[]>>,
): EmojiEntry[] {
  const common = new Map<string, string>(COMMON_EMOJIS.map((c) => [c.emoji.replace(VS16, ''), c.emoji]));
  return data
    .filter((e) => e.group !== undefined && e.group !== COMPONENT_GROUP)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map((e) => {
      const codes = shortcodes[e.hexcode] ?? [];
      const terms = new Set<string>([
        ...e.label.toLowerCase().split(/[\s:,]+/),
        ...(e.tags ?? []).map((t) => t.toLowerCase()),
        ...(typeof codes === 'string' ? [codes] : codes),
      ]);
      terms.delete('');
      return {
        emoji: common.get(e.unicode.replace(VS16, '')) ?? e.unicode,
        name: e.label,
        group: e.group!,
        terms: [...terms],
      };
    });
}

/**
 * The emoji matching every word of the query (a word matches a term it starts, or the name it is
 * part of), best first: a whole-term match before a prefix, then Unicode order.
 */
export function searchEmojis(entries: readonly EmojiEntry[], query: string): EmojiEntry[] {
  const words = query.toLowerCase().replace(/:/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const scored: { e: EmojiEntry; score: number; i: number }[] = [];
  entries.forEach((e, i) => {
    let score = 0;
    for (const w of words) {
      if (e.terms.includes(w)) score += 2;
      else if (e.terms.some((t) => t.startsWith(w)) || e.name.toLowerCase().includes(w)) score += 1;
      else return;
    }
    scored.push({ e, score, i });
  });
  return scored.sort((a, b) => b.score - a.score || a.i - b.i).map((s) => s.e);
}

/**
 * Where a key moves focus in a grid of sections laid out `columns` wide (each section starts a new
 * row), as an index into all the cells in order; null for a key the grid does not take. Up and Down
 * keep the column where the row has one and cross into the next section; Home and End go to the
 * first and last cell of all.
 */
export function gridMove(
  sizes: readonly number[],
  columns: number,
  index: number,
  key: string,
): number | null {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  // Every row of every section: its first cell's index and its length.
  const rows: { start: number; len: number }[] = [];
  let at = 0;
  for (const size of sizes) {
    for (let r = 0; r < size; r += columns) rows.push({ start: at + r, len: Math.min(columns, size - r) });
    at += size;
  }
  const row = rows.findIndex((r) => index >= r.start && index < r.start + r.len);
  const col = row >= 0 ? index - rows[row]!.start : 0;
  const to = (r: number) => rows[r]!.start + Math.min(col, rows[r]!.len - 1);
  switch (key) {
    case 'ArrowRight':
      return Math.min(index + 1, total - 1);
    case 'ArrowLeft':
      return Math.max(index - 1, 0);
    case 'ArrowDown':
      return row < rows.length - 1 ? to(row + 1) : index;
    case 'ArrowUp':
      return row > 0 ? to(row - 1) : index;
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return null;
  }
}
