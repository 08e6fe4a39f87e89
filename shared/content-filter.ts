import { RE2JS } from 're2js';

/**
 * A workspace's own patterns, run with re2js: an automaton, so time grows linearly with the text
 * whatever the pattern. Each run is still bounded: only the first 64 KB is scanned, a filter stops
 * at 100 matches, and all filters together stop at a time budget.
 */
export interface FilterRule {
  id: string;
  pattern: string;
  caseSensitive: boolean;
}
export interface CompiledFilter {
  id: string;
  re: RE2JS;
}
export interface FilterMatch {
  filterId: string;
  start: number;
  end: number;
}

export const FILTER_SCAN_CHARS = 64 * 1024;
export const FILTER_MAX_MATCHES = 100;

const cache = new Map<string, RE2JS>();
const CACHE_SIZE = 500;

/** Compiles a pattern (cached), or throws an Error whose message says what is wrong with it. */
export function compileFilter(rule: FilterRule): CompiledFilter {
  const key = `${rule.caseSensitive ? 's' : 'i'}:${rule.pattern}`;
  let re = cache.get(key);
  if (!re) {
    try {
      re = RE2JS.compile(rule.pattern, rule.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
    } catch (e) {
      const why = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e);
      throw new Error(`This pattern is not valid: ${why}.`, { cause: e });
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, re);
  }
  return { id: rule.id, re };
}

const now = () => globalThis.performance.now();

export function runFilters(
  text: string,
  filters: readonly CompiledFilter[],
  budgetMs = 20,
): { matches: FilterMatch[]; truncated: boolean } {
  const scanned = text.length > FILTER_SCAN_CHARS ? text.slice(0, FILTER_SCAN_CHARS) : text;
  let truncated = scanned.length < text.length;
  const matches: FilterMatch[] = [];
  const started = now();
  for (const [i, f] of filters.entries()) {
    if (i > 0 && now() - started > budgetMs) {
      truncated = true;
      break;
    }
    const m = f.re.matcher(scanned);
    let from = 0;
    for (let n = 0; n < FILTER_MAX_MATCHES && from <= scanned.length && m.find(from); n++) {
      const start = m.start();
      const end = m.end();
      if (end > start) matches.push({ filterId: f.id, start, end });
      // An empty match moves on by one, or the loop would find it again forever.
      from = end > start ? end : end + 1;
    }
  }
  return { matches, truncated };
}
