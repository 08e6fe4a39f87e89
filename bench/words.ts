// Message text for the benchmarks: a fixed made-up vocabulary with a Zipf-like word frequency (a few
// words are everywhere, most are rare, as in real chat), so search has common and rare terms, and a
// seeded generator, so runs and processes produce the same texts.

/** mulberry32: small, fast, seeded; good enough to pick words. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = [
  'b',
  'br',
  'c',
  'ch',
  'd',
  'f',
  'g',
  'gl',
  'k',
  'l',
  'm',
  'n',
  'p',
  'pl',
  'r',
  's',
  'st',
  't',
  'tr',
  'v',
  'z',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
const CODAS = ['', '', 'n', 'r', 's', 'l', 'nd', 'rt'];

export const VOCABULARY_SIZE = 5000;

/** VOCABULARY_SIZE distinct lower-case words of 3 to 12 letters, most frequent first. */
export const vocabulary: readonly string[] = (() => {
  const next = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  const out = new Set<string>();
  while (out.size < VOCABULARY_SIZE) {
    const r = next();
    const syllables = r < 0.45 ? 1 : r < 0.85 ? 2 : 3; // English-like word lengths
    let w = '';
    for (let i = 0; i < syllables; i++) w += pick(ONSETS) + pick(VOWELS) + pick(CODAS);
    if (w.length >= 3 && w.length <= 12) out.add(w);
  }
  return [...out];
})();

// Zipf (s = 1): the word of rank r has weight 1/r. Cumulative weights for inverse-CDF sampling.
const cdf = (() => {
  const c = new Float64Array(VOCABULARY_SIZE);
  let sum = 0;
  for (let r = 0; r < VOCABULARY_SIZE; r++) c[r] = sum += 1 / (r + 1);
  return c.map((x) => x / sum);
})();

export function zipfWord(next: () => number): string {
  const u = next();
  let lo = 0;
  let hi = VOCABULARY_SIZE - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cdf[mid] ?? 1) < u) lo = mid + 1;
    else hi = mid;
  }
  return vocabulary[lo] ?? 'x';
}

/** 6 to 16 words (about 70 characters on average): a typical chat line. */
export function messageWords(next: () => number): string[] {
  const n = 6 + Math.floor(next() * 11);
  return Array.from({ length: n }, () => zipfWord(next));
}

/** The text of stored message `seq` of conversation number `conversation` in the 1M-message store. */
export const fillText = (conversation: number, seq: number) =>
  messageWords(rng(conversation * 1_000_003 + seq));

/** Word rank (0 = most frequent). */
export const rankOf = new Map(vocabulary.map((w, i) => [w, i]));
