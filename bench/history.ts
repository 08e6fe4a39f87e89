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
import { fillText, rankOf, rng } from './words';

const CASES = 600;
const COMMON = 20; // the most frequent words play the part of stop words: nobody searches for them

/**
 * Two words of a random stored message (so every search finds at least that message), skipping the
 * commonest words when the message has others.
 */
function searchCases(store: Store, next: () => number): ReadParams['search'] {
  return Array.from({ length: CASES }, () => {
    const words = fillText(
      Math.floor(next() * store.conversationIds.length),
      1 + Math.floor(next() * store.perConversation),
    );
    const rare = [...new Set(words.filter((w) => (rankOf.get(w) ?? 0) >= COMMON))];
    const pool = rare.length >= 2 ? rare : [...new Set(words)];
    const a = pool.splice(Math.floor(next() * pool.length), 1)[0] ?? '';
    const b = pool[Math.floor(next() * pool.length)] ?? a;
    const query = `${a} ${b}`;
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

export async function historyBenchmark(chat: Chat, app: RunningApp, store: Store): Promise<Figure[]> {
  const next = rng(2026);
  const history = Array.from({ length: CASES }, () => ({
    conversationId: store.conversationIds[Math.floor(next() * store.conversationIds.length)] as string,
    // A full page below a random point of the conversation.
    before: 51 + Math.floor(next() * (store.perConversation - 50)),
  }));
  const baseline = await startBaselineServer(testRuntime().db.adminUrl);
  const r = await runChild<ReadResult>('load/read.ts', {
    url: app.url,
    baselineUrl: baseline.url,
    token: chat.owner.token,
    adminUrl: testRuntime().db.adminUrl,
    workspaceId: store.workspaceId,
    history,
    search: searchCases(store, next),
    searchProcedure: searchProcedure(),
    warmup: { history: 20, search: 3 },
    maxSeconds: 25,
  } satisfies ReadParams).finally(() => baseline.close());
  return [
    figure('history p95', r.history, `message.history; ${store.note}`),
    figure('search p95', r.search, `${searchProcedure()}; ${store.note}`),
  ];
}
