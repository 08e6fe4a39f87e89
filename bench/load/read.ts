// Latency client for `history p95` / `search p95` (its own process): one caller at a time, the real
// tRPC procedure over HTTP with a bearer token, then the same query from the minimal node:http
// baseline (bench/baseline-http.ts), then over raw `pg` from here, in turn, so all three see the
// same machine load.
import pg from 'pg';
import { baselineCall, HISTORY_SQL, SEARCH_SQL } from '../baseline-http';
import { childMain, cpuShare, quantile } from '../lib';

export interface ReadParams {
  url: string;
  /** The node:http baseline server's address. */
  baselineUrl: string;
  token: string;
  adminUrl: string;
  workspaceId: string;
  history: { conversationId: string; before: number }[];
  /** Per query class, the words and their blind-index tokens for the raw query (from the bench process). */
  search: { name: string; cases: { query: string; tokens: string[] }[] }[];
  searchProcedure: string;
  /** Calls per phase that are not counted (search at 1M rows may take seconds each: keep it small). */
  warmup: { history: number; search: number };
  /** Each phase stops taking samples after this long. */
  maxSeconds: number;
}

interface Side {
  p50: number;
  p95: number;
  n: number;
  rows: number;
}
const SIDES = ['app', 'http', 'raw'] as const;
type SideName = (typeof SIDES)[number];

export interface Latencies {
  /** The app's procedure; the node:http baseline; the raw query from this process. */
  app: Side;
  http: Side;
  raw: Side;
  /** Share of one core this process used over the phase. */
  cpu: number;
}
export type ReadResult = { history: Latencies; search: { name: string; latencies: Latencies }[] };

async function trpc(p: ReadParams, proc: string, input: unknown): Promise<number> {
  const res = await fetch(`${p.url}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { authorization: `Bearer ${p.token}` },
  });
  const body = (await res.json()) as { result?: { data: unknown } };
  if (!res.ok || !body.result)
    throw new Error(`${proc}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  const data = body.result.data as { messages?: unknown[] } | unknown[];
  return Array.isArray(data) ? data.length : (data.messages?.length ?? 0);
}

/** Runs each case through every side in turn; all figures come from the same cases. */
async function pairs<T>(
  cases: T[],
  p: ReadParams,
  warmup: number,
  call: Record<SideName, (c: T) => Promise<number>>,
): Promise<Latencies> {
  const t: Record<SideName, number[]> = { app: [], http: [], raw: [] };
  const rows: Record<SideName, number> = { app: 0, http: 0, raw: 0 };
  let start = performance.now();
  let cpu0 = process.cpuUsage();
  let until = start + p.maxSeconds * 1000;
  for (const [i, c] of cases.entries()) {
    if (i === warmup) {
      // The clock and the CPU count start after the warm-up.
      start = performance.now();
      cpu0 = process.cpuUsage();
      until = start + p.maxSeconds * 1000;
    }
    if (performance.now() > until) break;
    for (const side of SIDES) {
      const t0 = performance.now();
      const n = await call[side](c);
      if (i >= warmup) {
        t[side].push(performance.now() - t0);
        rows[side] += n;
      }
    }
  }
  const sum = (s: SideName): Side => ({
    p50: quantile(t[s], 0.5),
    p95: quantile(t[s], 0.95),
    n: t[s].length,
    rows: rows[s] / Math.max(1, t[s].length),
  });
  return {
    app: sum('app'),
    http: sum('http'),
    raw: sum('raw'),
    cpu: cpuShare(cpu0, performance.now() - start),
  };
}

async function main(p: ReadParams): Promise<ReadResult> {
  const client = new pg.Client({ connectionString: p.adminUrl });
  await client.connect();
  const rowCount = async (sql: string, params: unknown[]) => (await client.query(sql, params)).rowCount ?? 0;
  const history = await pairs(p.history, p, p.warmup.history, {
    app: (c) =>
      trpc(p, 'message.history', {
        workspaceId: p.workspaceId,
        conversationId: c.conversationId,
        before: c.before,
      }),
    http: (c) => baselineCall(p.baselineUrl, '/history', { workspaceId: p.workspaceId, ...c }),
    raw: (c) => rowCount(HISTORY_SQL, [p.workspaceId, c.conversationId, c.before]),
  });
  const search: ReadResult['search'] = [];
  for (const { name, cases } of p.search) {
    const latencies = await pairs(cases, p, p.warmup.search, {
      app: (c) => trpc(p, p.searchProcedure, { workspaceId: p.workspaceId, query: c.query }),
      http: (c) => baselineCall(p.baselineUrl, '/search', { workspaceId: p.workspaceId, tokens: c.tokens }),
      raw: (c) => rowCount(SEARCH_SQL, [p.workspaceId, c.tokens]),
    });
    search.push({ name, latencies });
  }
  await client.end();
  return { history, search };
}

await childMain(main);
