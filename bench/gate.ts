import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { testRuntime } from '../test/runtime';
import { callerFor, signUp } from '../test/actors';
import { median, type Figure } from './lib';

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
 * What the workspace gate costs: `member.list` through the full procedure (rate limit, session
 * lookup is done once up front, one RLS transaction with set_config, membership read, the query,
 * output validation) against the same member query over raw `pg` without RLS or a transaction.
 */
export async function gateBenchmark(): Promise<Figure[]> {
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
  const raw = () =>
    pool.query(
      'SELECT m.user_id, u.name, u.email, m.role, m.created_at FROM member m JOIN "user" u ON u.id = m.user_id WHERE m.workspace_id = $1 ORDER BY m.created_at',
      [ws.id],
    );
  // Subject and baseline alternate (gated, raw, gated, raw, …); the figure is the median of the
  // per-pair ratios.
  const gated: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    gated.push(await throughput(() => api.member.list({ workspaceId: ws.id })));
    bare.push(await throughput(raw));
  }
  await pool.end();
  const ratios = gated.map((g, i) => g / (bare[i] ?? NaN));
  return [
    {
      name: 'gated member.list',
      value: median(gated),
      unit: 'calls/s',
      baseline: median(bare),
      ratio: median(ratios),
      note: `${PAIRS} pairs, per-pair ratios ${ratios.map((r) => r.toFixed(3)).join(', ')}`,
    },
  ];
}
