// The blind index's rule (server/lib/crypto/search-tokens.ts), restated for the browser: words are
// runs of letters and digits, compared NFKC, lower-cased and accent-folded; a query word of three or
// more characters matches words it begins (the index stores prefixes), a shorter one only itself.
const MIN_PREFIX = 3;
const MAX_WORD = 32;

const fold = (w: string) =>
  w
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .toLowerCase();

/** The query's words as the server tokenises them. */
export function queryWords(query: string): string[] {
  const words = fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => [...w].slice(0, MAX_WORD).join(''));
  return [...new Set(words)];
}

function matches(word: string, queries: readonly string[]): boolean {
  const w = [...fold(word)].slice(0, MAX_WORD).join('');
  return queries.some((q) => w === q || ([...q].length >= MIN_PREFIX && w.startsWith(q)));
}

export interface Piece {
  text: string;
  mark: boolean;
}

/** The text cut into pieces, the words that made it a search result marked (whole words). */
export function highlightPieces(text: string, query: string): Piece[] {
  const queries = queryWords(query);
  if (queries.length === 0 || !text) return text ? [{ text, mark: false }] : [];
  const out: Piece[] = [];
  let at = 0;
  // Marks belong to a word: accents (\p{M}) stay with their letter, as NFKD folding expects.
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    if (!matches(m[0], queries)) continue;
    if (m.index > at) out.push({ text: text.slice(at, m.index), mark: false });
    out.push({ text: m[0], mark: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}
