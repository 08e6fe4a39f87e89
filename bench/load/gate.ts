// Throughput client for `gated member.list` (its own process): CONCURRENCY callers for a fixed time
// against one URL, then the next; the bench process alternates the URLs so each pair sees the same
// machine load.
import { performance } from 'node:perf_hooks';
import { childMain, cpuShare } from '../lib';

export interface GateParams {
  /** Measured in this order, one window each. */
  targets: { url: string; headers: Record<string, string> }[];
  concurrency: number;
  durationMs: number;
  warmup: number;
}
export interface GateResult {
  /** Calls per second per target, in order. */
  rates: number[];
  /** Share of one core this process used over all windows. */
  cpu: number;
}

async function call(t: GateParams['targets'][number]): Promise<void> {
  const res = await fetch(t.url, { headers: t.headers });
  const body = await res.text();
  if (!res.ok) throw new Error(`${t.url}: ${res.status} ${body.slice(0, 300)}`);
}

async function main(p: GateParams): Promise<GateResult> {
  const rates: number[] = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (const t of p.targets) {
    for (let i = 0; i < p.warmup; i++) await call(t);
    let done = 0;
    const t0 = performance.now();
    const until = t0 + p.durationMs;
    await Promise.all(
      Array.from({ length: p.concurrency }, async () => {
        while (performance.now() < until) {
          await call(t);
          done++;
        }
      }),
    );
    rates.push(done / ((performance.now() - t0) / 1000));
  }
  return { rates, cpu: cpuShare(cpu0, performance.now() - start) };
}

await childMain(main);
