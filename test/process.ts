import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pgInstallAt } from '../server/db/pg-binaries';
import { postmasterOf, runPg } from '../server/db/pg-cluster';
import { postgresUser } from '../server/db/pg-user';
import { freePort } from './net';

// Real server processes (server/serve-api.ts) with their own embedded PostgreSQL, for the tests of
// start, stop, kill -9 and database restarts: what a person or a supervisor does to `npm start`.

const ROOT = path.resolve(import.meta.dirname, '..');

export interface ServerProcess {
  child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Whatever happened in a test, no PostgreSQL of its cluster stays behind: the one postmaster.pid
 * names, and any other postmaster started on the directory (the file may have been overwritten).
 */
export function killPostgresIn(pgDir: string) {
  const pids = new Set<number>();
  const named = postmasterOf(pgDir);
  if (named !== null) pids.add(named);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (path.basename(argv[0] ?? '') === 'postgres' && argv.includes(pgDir)) pids.add(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  for (const pid of pids) process.kill(pid, 'SIGKILL');
}

/** A DATA_DIR of its own, which the postgres user may enter (the test runs as root). */
export function embeddedDataDir(): { dataDir: string; pgPort: Promise<number>; remove(): void } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'enclave-proc-'));
  chmodSync(dataDir, 0o755);
  return {
    dataDir,
    pgPort: freePort(),
    remove: () => {
      killPostgresIn(path.join(dataDir, 'pg'));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts serve-api.ts with exactly `env` (nothing inherited; no DATABASE_URL: embedded PostgreSQL
 * under DATA_DIR) and resolves once it listens. With `ownGroup` it leads a process group of its
 * own, as `npm start` in a terminal does: then `process.kill(-pid, 'SIGINT')` is what Ctrl-C sends.
 */
export async function startServerProcess(
  env: Record<string, string>,
  opts: { ownGroup?: boolean } = {},
): Promise<ServerProcess> {
  // Otherwise it stays in the test runner's group, so that interrupting the run stops it too.
  const { child, output } = spawnServer('server/serve-api.ts', { PORT: '0', ...env }, opts.ownGroup ?? false);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 90_000;
  let port = 0;
  while (!port) {
    const out = output();
    const m = /"url":"http:\/\/localhost:(\d+)","msg":"Enclave API is listening"/.exec(out);
    if (m) port = Number(m[1]);
    else if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) child.kill('SIGKILL');
      throw new Error(`server did not start:\n${out}`);
    } else await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output, port, exited };
}

/**
 * Runs a server entry point with `env` over a test base (nothing inherited from this process), and
 * collects everything it writes (stdout and stderr).
 */
export function spawnServer(entry: string, env: Record<string, string>, detached = false) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    detached,
    env: {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SEED_DEMO: 'false',
      // The load these tests make would trip the per-person send limit, which has tests of its own.
      POLICY_SEND_LIMITS: 'false',
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return { child, output: () => out };
}

/**
 * pg_ctl on a running server's cluster, as PostgreSQL's own user: the one next to the postgres
 * binary the cluster was started with (postmaster.opts names it), as an operator would run it.
 */
export async function pgCtl(pgDir: string, args: string[]) {
  const postgres = /^"?([^" ]+)/.exec(readFileSync(path.join(pgDir, 'postmaster.opts'), 'utf8'))?.[1];
  if (!postgres) throw new Error(`no postmaster.opts in ${pgDir}`);
  const install = pgInstallAt(path.resolve(path.dirname(postgres), '..'));
  const r = await runPg({ install, user: postgresUser() }, 'pg_ctl', [...args, '-D', pgDir]);
  if (r.code !== 0) throw new Error(`pg_ctl ${args.join(' ')} failed: ${r.output}`);
}
