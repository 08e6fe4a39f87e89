import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './net';
import { embeddedDataDir, spawnServer } from './process';

/** `ENCLAVE_NODES=n` as `npm start` runs it (API-only nodes), with its own PostgreSQL and Redis. */
export interface ClusterProcess {
  url: string;
  /** Its DATA_DIR (PostgreSQL's cluster is in pg/). */
  dataDir: string;
  primary: ChildProcess;
  output(): string;
  /** The node processes now (pids), read from /proc. */
  nodes(): number[];
  /** Resolves once every node, the ones started again included, listens. */
  allListening(): Promise<void>;
  stop(): Promise<void>;
}

/** Processes whose command line names `needle` (the Redis of a data directory). */
function processesNaming(needle: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === pid && cmd.includes('serve-api.ts')) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export async function startClusterProcess(
  nodes: number,
  env: Record<string, string> = {},
): Promise<ClusterProcess> {
  const dir = embeddedDataDir();
  const port = await freePort();
  const { child: primary, output } = spawnServer('server/cluster.ts', {
    PORT: String(port),
    APP_URL: 'http://localhost:3999',
    // Its own origin too: a browser test opens its page there (same origin, as the app's pages).
    ALLOWED_ORIGINS: `http://localhost:3999,http://127.0.0.1:${port}`,
    DATA_DIR: dir.dataDir,
    EMBEDDED_PG_PORT: String(await dir.pgPort),
    EMBEDDED_REDIS_PORT: String(await freePort()),
    ENCLAVE_NODES: String(nodes),
    ENCLAVE_NODE_ENTRY: 'api',
    NODE_HEARTBEAT_TIMEOUT_MS: '3000',
    RATE_LIMIT_USER_POINTS: '100000',
    RATE_LIMIT_WORKSPACE_POINTS: '100000',
    RATE_LIMIT_IP_POINTS: '100000',
    RATE_LIMIT_AUTH_POINTS: '100000',
    RATE_LIMIT_GLOBAL_POINTS: '10000000',
    ...env,
  });
  const exited = new Promise<void>((resolve) => primary.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  // Ready once every node listens (each logs it) and the port answers.
  while ((output().match(/Enclave API is listening/g) ?? []).length < nodes) {
    if (primary.exitCode !== null || Date.now() > deadline) {
      primary.kill('SIGKILL');
      dir.remove();
      throw new Error(`cluster did not start:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir: dir.dataDir,
    primary,
    output,
    nodes: () => childrenOf(primary.pid ?? -1),
    async allListening() {
      const count = (re: RegExp) => (output().match(re) ?? []).length;
      const deadline = Date.now() + 60_000;
      // Every node start logs "listening" once; every restart is logged by the primary first.
      while (count(/Enclave API is listening/g) < nodes + count(/node exited: starting it again/g)) {
        if (Date.now() > deadline)
          throw new Error(`nodes did not all start again:\n${output().slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (primary.exitCode === null) {
        primary.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 25_000))]);
      }
      if (primary.exitCode === null) primary.kill('SIGKILL');
      for (const pid of childrenOf(primary.pid ?? -1)) process.kill(pid, 'SIGKILL');
      for (const pid of processesNaming(path.join(dir.dataDir, 'redis'))) process.kill(pid, 'SIGKILL');
      dir.remove();
    },
  };
}
