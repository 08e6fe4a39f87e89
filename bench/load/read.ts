// Latency client for `history p95` / `search p95` (its own process): one caller at a time, the real
// tRPC procedure over HTTP with a bearer token, alternating with the raw `pg` baseline query so both
// see the same machine load.
import pg from 'pg';
import { childMain, cpuShare, quantile } from '../lib';

export interface ReadParams {
  url: string;
  token: string;
  adminUrl: string;
  workspaceId: string;
  history: { conversationId: string; before: number }[];
  /** The words, and their blind-index tokens for the raw query (computed by the bench process). */
  search: { query: string; tokens: string[] }[];
  searchProcedure: string;
  /** Calls per phase that are not counted (search at 1M rows may take seconds each: keep it small). */
  warmup: { history: number; search: number };
  /** Each phase stops taking samples after this long. */
  maxSeconds: number;
}

export interface Latencies {
  app: { p50: number; p95: number; n: number; rows: number };
  raw: { p50: number; p95: number; n: number; rows: number };
  /** Share of one core this process used over the phase. */
  cpu: number;
}
export type ReadResult = { history: Latencies; search: Latencies };

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

/** Runs each case through app and raw in turn; both figures come from the same cases. */
async function pairs<T>(
  cases: T[],
  p: ReadParams,
  warmup: number,
  app: (c: T) => Promise<number>,
  raw: (c: T) => Promise<number>,
): Promise<Latencies> {
  const t = { app: [] as number[], raw: [] as number[] };
  const rows = { app: 0, raw: 0 };
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
    for (const side of ['app', 'raw'] as const) {
      const t0 = performance.now();
      const n = await (side === 'app' ? app(c) : raw(c));
      if (i >= warmup) {
        t[side].push(performance.now() - t0);
        rows[side] += n;
      }
    }
  }
  const sum = (s: 'app' | 'raw') => ({
    p50: quantile(t[s], 0.5),
    p95: quantile(t[s], 0.95),
    n: t[s].length,
    rows: rows[s] / Math.max(1, t[s].length),
  });
  return { app: sum('app'), raw: sum('raw'), cpu: cpuShare(cpu0, performance.now() - start) };
}

async function main(p: ReadParams): Promise<ReadResult> {
  const client = new pg.Client({ connectionString: p.adminUrl });
  await client.connect();
  const history = await pairs(
    p.history,
    p,
    p.warmup.history,
    (c) =>
      trpc(p, 'message.history', {
        workspaceId: p.workspaceId,
        conversationId: c.conversationId,
        before: c.before,
      }),
    async (c) =>
      (
        await client.query(
          `SELECT * FROM message WHERE workspace_id = $1 AND conversation_id = $2 AND parent_id IS NULL
             AND seq < $3 ORDER BY seq DESC LIMIT 50`,
          [p.workspaceId, c.conversationId, c.before],
        )
      ).rowCount ?? 0,
  );
  const search = await pairs(
    p.search,
    p,
    p.warmup.search,
    (c) => trpc(p, p.searchProcedure, { workspaceId: p.workspaceId, query: c.query }),
    async (c) =>
      (
        await client.query(
          `SELECT * FROM message WHERE workspace_id = $1 AND search_tokens @> $2::text[] AND deleted_at IS NULL
            ORDER BY created_at DESC LIMIT 20`,
          [p.workspaceId, c.tokens],
        )
      ).rowCount ?? 0,
  );
  await client.end();
  return { history, search };
}

await childMain(main);
