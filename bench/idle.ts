// `idle sockets` and `RSS per idle socket`: how many authenticated sockets one process holds, and
// the memory each costs, against a bare Socket.IO server (no auth, no rooms, no presence) holding
// the same number. A generator process opens the sockets; each server runs in a fresh process of
// its own (the app as an API node on the bench's database), and its resident memory is read from
// /proc before the sockets and once they are all connected. Subject and baseline alternate in pairs.
import type { RunningApp } from '../server/app';
import { startServerProcess } from '../test/process';
import { appSecrets } from '../server/lib/app-secrets';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { IdleParams, IdleResult } from './load/idle';
import { median, runChild, settle, type Figure } from './lib';
import type { Chat } from './setup';

/** Under the file-descriptor limit here (20,000) with room for PostgreSQL's and the log's. */
const SOCKETS = 19_000;
const PAIRS = 3;
const ADDRESSES = Array.from({ length: 20 }, (_, i) => `127.0.0.${i + 2}`);

/** A process's resident memory in MB, from /proc (Linux). */
const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/** The bare server in a fresh process; its url and a reader of its memory. */
async function bareProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load/bare-server.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve),
  );
  const { url } = JSON.parse(line) as { url: string };
  return { url, rss: () => rssOf(child.pid ?? -1), stop: () => void child.kill('SIGKILL') };
}

/** The app as an API node in a fresh process, on the bench's database and secrets. */
async function appProcess(app: RunningApp, dataDir: string) {
  const secrets = appSecrets();
  const server = await startServerProcess({
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    DATABASE_URL: app.runtime.db.appUrl,
    DATABASE_ADMIN_URL: app.runtime.db.adminUrl,
    // The bench's own secrets (its data folder's), so the node accepts the same sessions.
    AUTH_SECRET: secrets.authSecret,
    MASTER_KEY: secrets.masterKey.toString('base64'),
    AUDIT_CHECKPOINT_KEY: secrets.checkpointKey,
    RATE_LIMIT_USER_POINTS: '100000000',
    RATE_LIMIT_IP_POINTS: '100000000',
    RATE_LIMIT_WORKSPACE_POINTS: '100000000',
    POLICY_SEND_LIMITS: 'false',
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    rss: () => rssOf(server.child.pid ?? -1),
    stop: async () => {
      server.child.kill('SIGTERM');
      await server.exited;
    },
  };
}

async function hold(url: string, tokens: string[], rss: () => number) {
  const before = rss();
  let during = NaN;
  const r = await runChild<IdleResult>(
    'load/idle.ts',
    { url, count: SOCKETS, tokens, addresses: ADDRESSES, holdMs: 2000 } satisfies IdleParams,
    (m) => {
      if (m === 'start') during = rss();
    },
  );
  await settle();
  const errors = Object.entries(r.errors).map(([k, v]) => `${k} ×${v}`);
  return { ...r, kbPerSocket: ((during - before) * 1024) / r.connected, errors, before, during };
}

export async function idleBenchmark(chat: Chat, app: RunningApp, dataDir: string): Promise<Figure[]> {
  const tokens = chat.members.map((m) => m.token);
  const pairs: { app: Awaited<ReturnType<typeof hold>>; bare: Awaited<ReturnType<typeof hold>> }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const node = await appProcess(app, dataDir);
    let subject: Awaited<ReturnType<typeof hold>>;
    try {
      subject = await hold(node.url, tokens, node.rss);
    } finally {
      await node.stop();
    }
    const bare = await bareProcess();
    try {
      pairs.push({ app: subject, bare: await hold(bare.url, [], bare.rss) });
    } finally {
      bare.stop();
    }
  }
  const describe = (s: Awaited<ReturnType<typeof hold>>) =>
    `${s.connected} in ${(s.connectMs / 1000).toFixed(1)} s, RSS ${s.before.toFixed(0)} → ${s.during.toFixed(0)} MB` +
    (s.errors.length ? `, errors ${s.errors.join(', ')}` : '');
  const note =
    `${SOCKETS} sockets from one generator process, ${tokens.length} people's sessions; ` +
    `each server in a fresh process; ` +
    pairs.map((p, i) => `pair ${i + 1}: app ${describe(p.app)}; bare ${describe(p.bare)}`).join('; ');
  const memRatios = pairs.map((p) => p.app.kbPerSocket / p.bare.kbPerSocket);
  return [
    {
      name: 'idle sockets',
      value: median(pairs.map((p) => p.app.connected)),
      unit: 'sockets',
      baseline: median(pairs.map((p) => p.bare.connected)),
      ratio: median(pairs.map((p) => p.app.connected / p.bare.connected)),
      note,
    },
    {
      name: 'RSS per idle socket',
      value: median(pairs.map((p) => p.app.kbPerSocket)),
      unit: 'KB',
      baseline: median(pairs.map((p) => p.bare.kbPerSocket)),
      ratio: median(memRatios),
      note: `per-pair ratios ${memRatios.map((r) => r.toFixed(2)).join(', ')}; ${note}`,
    },
  ];
}
