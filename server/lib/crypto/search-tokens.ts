import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Blind index for searching encrypted text. Words are normalised (NFKC, lower case, accents folded)
 * and every prefix of three or more characters (short words whole) becomes an HMAC token under a
 * per-workspace key derived from the workspace data key. The database stores tokens, never words.
 * What it leaks is written down in docs/encryption.md.
 */
const MAX_WORD = 32;
const MAX_TOKENS = 2000;
const MIN_PREFIX = 3;

export function searchKey(dataKey: Buffer, workspaceId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.from(workspaceId), 'enclave blind index v1', 32));
}

/** Lower-cased, accent-folded words of letters and digits in any script. */
export function words(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .toLowerCase();
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

const token = (key: Buffer, s: string) =>
  createHmac('sha256', key).update(s).digest().subarray(0, 16).toString('base64url');

/** A word's own tokens (the word at most MAX_WORD characters): the word whole when short, else each prefix of three or more characters. */
function prefixTokens(key: Buffer, word: string): string[] {
  const chars = [...word];
  if (chars.length < MIN_PREFIX) return [token(key, chars.join(''))];
  const out: string[] = [];
  for (let n = MIN_PREFIX; n <= chars.length; n++) out.push(token(key, chars.slice(0, n).join('')));
  return out;
}

// Words repeat (a few thousand make up most text), so most words of a message were hashed for an
// earlier one. A bounded cache of word -> tokens across keys, in two generations: when the young one
// is full it becomes the old one and the old one is dropped, and a word found in the old one moves
// back (cheap LRU; evicting map entries one at a time makes V8 walk their holes). At most 50,000
// words, about 20 MB. It holds words next to their tokens, in the process that already holds the keys.
const GENERATION = 25_000;
let young = new Map<string, string[]>();
let old = new Map<string, string[]>();
const keyIds = new WeakMap<Buffer, number>();
let nextKeyId = 0;

function wordTokens(key: Buffer, word: string): string[] {
  let id = keyIds.get(key);
  if (id === undefined) keyIds.set(key, (id = nextKeyId++));
  const k = `${id}\u0000${word}`;
  let t = young.get(k);
  if (t !== undefined) return t;
  t = old.get(k) ?? prefixTokens(key, word);
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(k, t);
  return t;
}

/** Tokens to store with a text: its words' prefixes (3+ characters), capped to bound the work. */
export function indexTokens(key: Buffer, text: string): string[] {
  const out = new Set<string>();
  for (const w of words(text)) {
    // Cut long words first (UTF-16 length bounds the code points): a cache key stays short.
    const word = w.length > MAX_WORD ? [...w].slice(0, MAX_WORD).join('') : w;
    for (const t of wordTokens(key, word)) out.add(t);
    if (out.size >= MAX_TOKENS) break;
  }
  return [...out].slice(0, MAX_TOKENS);
}

/** One token per query word: a message matches when it holds every one (words and prefixes). */
export function queryTokens(key: Buffer, query: string): string[] {
  return [...new Set(words(query).map((w) => [...w].slice(0, MAX_WORD).join('')))].map((s) => token(key, s));
}
