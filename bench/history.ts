// `history p95` and `search p95` over the 1,000,000-message store (bench/fill.ts): the real tRPC
// procedures over HTTP, one call at a time, against the same page / the same GIN query served by a
// minimal node:http handler on raw `pg` (the baseline); the note adds the raw query alone.
import { queryTokens } from '../server/lib/crypto/search-tokens';
import { startBaselineServer } from './baseline-http';
import type { RunningApp } from '../server/app';
import { testRuntime } from '../test/runtime';
import { appRouter } from '../server/trpc/root';
import type { Store } from './fill';
import type { Latencies, ReadParams, ReadResult } from './load/read';
import { pct, runChild, SATURATED, type Figure } from './lib';
import type { Chat } from './setup';
import { fillText, rankOf, rng, vocabulary } from './words';

const CASES = 600;
const COMMON = 20; // the most frequent words play the part of stop words: nobody searches for them

/** The query classes: what a word of a random stored message becomes in each. */
const CLASSES = {
  'two words': (rare: string[], all: string[], next: () => number) => {
    const pool = rare.length >= 2 ? [...rare] : [...new Set(all)];
    const a = pool.splice(Math.floor(next() * pool.length), 1)[0] ?? '';
    return `${a} ${pool[Math.floor(next() * pool.length)] ?? a}`;
  },
  /** One of the message's rarest words. */
  rare: (rare: string[], all: string[]) =>
    [...all].sort((a, b) => (rankOf.get(b) ?? 0) - (rankOf.get(a) ?? 0))[0] ?? '',
  /** One of the commonest words: it matches a large share of the store. */
  common: (_rare: string[], _all: string[], next: () => number) =>
    vocabulary[Math.floor(next() * COMMON)] ?? '',
  /** The first four letters of a longer word, as someone still typing it. */
  prefix: (rare: string[], all: string[], next: () => number) => {
    const long = rare.filter((w) => w.length >= 6);
    const pool = long.length ? long : all.filter((w) => w.length >= 4);
    return (pool[Math.floor(next() * pool.length)] ?? all[0] ?? '').slice(0, 4);
  },
} as const;
export type QueryClass = keyof typeof CLASSES;

/** Queries of one class built from random stored messages (so each finds at least that message). */
function searchCases(
  store: Store,
  next: () => number,
  cls: QueryClass,
): ReadParams['search'][number]['cases'] {
  return Array.from({ length: CASES }, () => {
    const words = fillText(
      Math.floor(next() * store.conversationIds.length),
      1 + Math.floor(next() * store.perConversation),
    );
    const rare = [...new Set(words.filter((w) => (rankOf.get(w) ?? 0) >= COMMON))];
    const query = CLASSES[cls](rare, words, next);
    return { query, tokens: queryTokens(store.searchKey, query) };
  });
}

const figure = (name: string, l: Latencies, extra: string): Figure => ({
  name,
  value: l.app.p95,
  unit: 'ms',
  baseline: l.http.p95,
  ratio: l.app.p95 / l.http.p95,
  ...(l.cpu > SATURATED ? { valid: false as const } : {}),
  note:
    `baseline: a node:http handler on raw pg; p50 ${l.app.p50.toFixed(1)} ms (node:http ${l.http.p50.toFixed(1)} ms); ` +
    `raw pg without HTTP p95 ${l.raw.p95.toFixed(1)} ms (${(l.app.p95 / l.raw.p95).toFixed(2)}×); ${l.app.n} calls, ` +
    `${l.app.rows.toFixed(1)} rows per call (baseline ${l.http.rows.toFixed(1)}); client CPU ${pct(l.cpu)}; ${extra}`,
});

/** The search procedure: `message.search` in the issue, `search.messages` since the routers were split. */
function searchProcedure(): string {
  const name = ['message.search', 'search.messages'].find((p) => p in appRouter._def.procedures);
  if (!name) throw new Error('no message search procedure in the router');
  return name;
}

/** `1M`, `10M`: how a store size is named in the figures. */
export const sizeLabel = (n: number) =>
  n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n % 1000 === 0 ? `${n / 1000}k` : String(n);

export async function historyBenchmark(chat: Chat, app: RunningApp, store: Store): Promise<Figure[]> {
  const next = rng(2026);
  const history = Array.from({ length: CASES }, () => ({
    conversationId: store.conversationIds[Math.floor(next() * store.conversationIds.length)] as string,
    // A full page below a random point of the conversation.
    before: 51 + Math.floor(next() * (store.perConversation - 50)),
  }));
  const classes = Object.keys(CLASSES) as QueryClass[];
  const baseline = await startBaselineServer(testRuntime().db.adminUrl);
  const r = await runChild<ReadResult>('load/read.ts', {
    url: app.url,
    baselineUrl: baseline.url,
    token: chat.owner.token,
    adminUrl: testRuntime().db.adminUrl,
    workspaceId: store.workspaceId,
    history,
    search: classes.map((name) => ({ name, cases: searchCases(store, next, name) })),
    searchProcedure: searchProcedure(),
    warmup: { history: 20, search: 3 },
    maxSeconds: 20,
  } satisfies ReadParams).finally(() => baseline.close());
  const size = sizeLabel(store.perConversation * store.conversationIds.length);
  return [
    figure(`history p95 (${size})`, r.history, `message.history; ${store.note}`),
    ...r.search.map((s) =>
      figure(
        `search p95 (${size}, ${s.name})`,
        s.latencies,
        `${searchProcedure()}, ${s.name}; ${store.note}`,
      ),
    ),
  ];
}

/**
 * `history p95 10M/1M`: how much slower a page of the largest store is than of the smallest, against
 * the same growth of the node:http baseline (the target, ≤ 1.3, is on the value).
 */
export function historyGrowth(bySize: Figure[][]): Figure[] {
  const first = bySize[0]?.find((f) => f.name.startsWith('history p95'));
  const last = bySize.at(-1)?.find((f) => f.name.startsWith('history p95'));
  if (bySize.length < 2 || !first || !last) return [];
  const label = (f: Figure) => /\((.+)\)/.exec(f.name)?.[1] ?? '?';
  const value = last.value / first.value;
  const baseline = last.baseline / first.baseline;
  return [
    {
      name: `history p95 ${label(last)}/${label(first)}`,
      value,
      unit: '×',
      baseline,
      ratio: value / baseline,
      note: `app p95 ${first.value.toFixed(1)} → ${last.value.toFixed(1)} ms; node:http ${first.baseline.toFixed(1)} → ${last.baseline.toFixed(1)} ms`,
    },
  ];
}
