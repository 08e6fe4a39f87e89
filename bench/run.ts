// `npm run bench`: starts its own embedded PostgreSQL in a temp dir, runs every benchmark, prints each
// figure with the ratio to a baseline measured in the same run, and writes bench/results.json.
//
//   npm run bench                                  everything
//   npm run bench -- --only=send,fanout            some benchmarks (gate, tenants, send, open, fanout, crossnode, idle, history, markdown, dlp, adapters, files)
//   npm run bench -- --only=history --messages=100000   a smaller store while working on the bench
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setEnvForProcess } from '../server/env';
import { freePort } from '../test/net';
import type { Figure } from './lib';

export type { Figure } from './lib';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const only = arg('only')?.split(',');
const wanted = (b: string) => !only || only.includes(b);
// Store sizes for history and search, each filled and measured in turn: --messages=1000000,10000000.
const sizes = (arg('messages') ?? '1000000').split(',').map(Number);

const started = performance.now();
const progress = (what: string) =>
  process.stderr.write(
    `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${what}\n`,
  );

const dir = mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-'));
// Embedded PostgreSQL runs as its own unprivileged user and must be able to enter this folder.
chmodSync(dir, 0o755);
setEnvForProcess({
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATA_DIR: dir,
  EMBEDDED_PG_PORT: String(await freePort()),
  SEED_DEMO: 'false',
  RATE_LIMIT_USER_POINTS: '100000000',
  RATE_LIMIT_WORKSPACE_POINTS: '100000000',
  RATE_LIMIT_IP_POINTS: '100000000',
  RATE_LIMIT_AUTH_POINTS: '100000000',
  RATE_LIMIT_GLOBAL_POINTS: '100000000',
  POLICY_SEND_LIMITS: 'false',
  CLAMAV: 'off',
});
// Server modules are imported only now: some (the logger) read the configuration when they load.
const { bootstrapDatabase } = await import('../server/db/bootstrap');
const { startApp } = await import('../server/app');
const { createRuntime } = await import('../server/runtime');
const { setTestRuntime } = await import('../test/runtime');
const { gateBenchmark } = await import('./gate');
const { setUpChat } = await import('./setup');
const { sendBenchmark } = await import('./send');
const { openLoopBenchmark } = await import('./open-loop');
const { crossNodeBenchmark, fanoutBenchmark } = await import('./fanout');
const { idleBenchmark } = await import('./idle');
const { tenantsBenchmark } = await import('./tenants');
const { fillStore } = await import('./fill');
const { historyBenchmark, historyGrowth, sizeLabel } = await import('./history');
const { markdownBenchmark } = await import('./markdown');
const { dlpBenchmark } = await import('./dlp');
const { adaptersBenchmark } = await import('./adapters');
const { filesBenchmark } = await import('./files');

// The Markdown benchmark renders in this process and needs neither; the others need both.
const needsApp = ['gate', 'tenants', 'send', 'open', 'fanout', 'crossnode', 'idle', 'history', 'files'].some(
  wanted,
);
const database = needsApp ? await bootstrapDatabase({ migrate: true }) : null;
// The whole app (HTTP API and Socket.IO) in this process, on its own port; background jobs stay off
// so that their timers do not land inside a measuring window.
const runtime = database ? createRuntime(database) : null;
setTestRuntime(runtime ?? undefined);
const app = runtime ? await startApp({ port: 0, seed: false, runtime, jobs: false }) : null;
const figures: Figure[] = [];
try {
  if (wanted('markdown')) {
    progress('markdown worst case');
    figures.push(...markdownBenchmark());
  }
  if (wanted('dlp')) {
    progress('dlp scan');
    figures.push(...dlpBenchmark());
  }
  if (wanted('adapters')) {
    progress('Socket.IO Redis adapters across two nodes');
    figures.push(...(await adaptersBenchmark()));
  }
  if (app && wanted('files')) {
    progress('file upload and download, 20 MB');
    figures.push(...(await filesBenchmark(app)));
  }
  if (app && wanted('gate')) {
    progress('gated member.list');
    figures.push(...(await gateBenchmark(app)));
  }
  if (app && ['send', 'open', 'fanout', 'crossnode', 'idle', 'history'].some(wanted)) {
    progress('signing up 201 people');
    const chat = await setUpChat();
    if (wanted('send')) {
      progress('send throughput');
      figures.push(...(await sendBenchmark(chat, app, dir)));
    }
    if (wanted('open')) {
      progress('send, open loop (Poisson arrivals into 100 conversations)');
      figures.push(...(await openLoopBenchmark(chat, app, dir)));
    }
    if (wanted('fanout')) {
      progress('fanout');
      figures.push(...(await fanoutBenchmark(chat, app, dir)));
    }
    if (wanted('crossnode')) {
      progress('cross-node fanout (three nodes on Redis against one)');
      figures.push(...(await crossNodeBenchmark(chat, app, dir)));
    }
    if (wanted('idle')) {
      progress('idle sockets');
      figures.push(...(await idleBenchmark(chat, app, dir)));
    }
    if (wanted('history')) {
      const read: Figure[][] = [];
      for (const n of sizes) {
        progress(`filling ${n} messages`);
        const store = await fillStore(chat, n);
        progress(`history and search at ${sizeLabel(n)}`);
        read.push(await historyBenchmark(chat, app, store));
      }
      figures.push(...read.flat(), ...historyGrowth(read));
    }
  }
  // Last: its 1,000 workspaces and their rows would change what the planner sees for the others.
  if (app && wanted('tenants')) {
    progress('many tenants (1,000 workspaces)');
    figures.push(...(await tenantsBenchmark(app, dir)));
  }
} catch (e) {
  // Reported before the database goes away under any client that is still open.
  process.stderr.write(`benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
} finally {
  await app?.shutdown();
  await runtime?.close();
  await database?.stop();
  rmSync(dir, { recursive: true, force: true });
}
progress('done');
for (const f of figures) {
  const ok = f.valid !== false;
  process.stdout.write(
    `${f.name.padEnd(28)} ${ok ? f.value.toFixed(1).padStart(10) : 'INVALID (generator saturated)'} ${f.unit.padEnd(8)} baseline ${f.baseline.toFixed(1).padStart(10)}  ratio ${f.ratio.toFixed(2)}\n`,
  );
  if (f.note) process.stdout.write(`${''.padEnd(29)}${f.note}\n`);
}
// Each run replaces the figures it measured and keeps the others, so a figure that takes long
// (history at 10M) stays with what it last showed; each says when and under what load.
if (figures.length) {
  const file = path.join(import.meta.dirname, 'results.json');
  const measured = new Date().toISOString();
  const load = Number(os.loadavg()[0]?.toFixed(2));
  const fresh = figures.map((f) => ({ ...f, measured, load }));
  const kept = (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Figure[]) : []).filter(
    (f) => !fresh.some((g) => g.name === f.name),
  );
  writeFileSync(file, `${JSON.stringify([...kept, ...fresh], null, 2)}\n`);
}
