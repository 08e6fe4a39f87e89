import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { RunningApp } from '../server/app';
import { testRuntime } from '../test/runtime';
import { callerFor, signUp } from '../test/actors';
import { MEMBERS_SQL, startBaselineServer } from './baseline-http';
import type { GateParams, GateResult } from './load/gate';
import { median, pct, runChild, SATURATED, type Figure } from './lib';

const CONCURRENCY = 20;
const DURATION_MS = 4000;
const PAIRS = 3;

async function throughput(op: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await op(); // warm-up
  let done = 0;
  const until = performance.now() + DURATION_MS;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        await op();
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

/**
 * What the workspace gate costs: `member.list` over HTTP through the full procedure (bearer session,
 * rate limit, one RLS transaction with set_config, membership read, the query, output validation)
 * against the same member query served by a minimal node:http handler on raw `pg` (the issue's
 * baseline), from a client in its own process. The note adds the same comparison without HTTP: the
 * in-process caller against the raw query.
 */
export async function gateBenchmark(app: RunningApp): Promise<Figure[]> {
  const owner = await signUp('Bench Owner');
  const api = await callerFor(owner);
  const ws = await api.workspace.create({ name: 'Bench' });
  for (let i = 0; i < 20; i++) {
    const u = await signUp(`Bench ${i}`);
    await (
      await callerFor(u)
    ).member.accept({ token: (await api.member.invite({ workspaceId: ws.id, role: 'member' })).token });
  }
  const pool = new pg.Pool({ connectionString: testRuntime().db.adminUrl, max: 10 });
  const raw = () => pool.query(MEMBERS_SQL, [ws.id]);
  // Subject and baseline alternate (gated, raw, gated, raw, …); the figure is the median of the
  // per-pair ratios.
  const gated: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    gated.push(await throughput(() => api.member.list({ workspaceId: ws.id })));
    bare.push(await throughput(raw));
  }
  await pool.end();
  const inProcess = gated.map((g, i) => g / (bare[i] ?? NaN));

  const baseline = await startBaselineServer(testRuntime().db.adminUrl);
  const input = encodeURIComponent(JSON.stringify({ workspaceId: ws.id }));
  const subject = {
    url: `${app.url}/api/trpc/member.list?input=${input}`,
    headers: { authorization: `Bearer ${owner.token}` },
  };
  const base = {
    url: `${baseline.url}/members?q=${encodeURIComponent(JSON.stringify({ workspaceId: ws.id }))}`,
    headers: {},
  };
  const http = await runChild<GateResult>('load/gate.ts', {
    targets: Array.from({ length: PAIRS }, () => [subject, base]).flat(),
    concurrency: CONCURRENCY,
    durationMs: DURATION_MS,
    warmup: 50,
  } satisfies GateParams).finally(() => baseline.close());
  const appRates = http.rates.filter((_, i) => i % 2 === 0);
  const baseRates = http.rates.filter((_, i) => i % 2 === 1);
  const ratios = appRates.map((a, i) => a / (baseRates[i] ?? NaN));
  const fmt = (rs: number[]) => rs.map((r) => r.toFixed(3)).join(', ');
  return [
    {
      name: 'gated member.list',
      value: median(appRates),
      unit: 'calls/s',
      baseline: median(baseRates),
      ratio: median(ratios),
      ...(http.cpu > SATURATED ? { valid: false as const } : {}),
      note:
        `over HTTP against a node:http handler on raw pg, ${PAIRS} pairs, per-pair ratios ${fmt(ratios)}; ` +
        `client CPU ${pct(http.cpu)}; without HTTP (in-process caller against the raw query) ` +
        `${median(gated).toFixed(0)} against ${median(bare).toFixed(0)} calls/s, ${median(inProcess).toFixed(3)}× ` +
        `(${fmt(inProcess)})`,
    },
  ];
}
