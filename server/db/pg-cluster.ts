import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../lib/logger';
import type { PgInstall } from './pg-binaries';
import { runAs, type PgUser } from './pg-user';

/** One PostgreSQL cluster on disk, run with pg_ctl (which starts the postmaster in its own session). */
export interface ClusterSpec {
  /** The data directory, a real path the PostgreSQL user can reach. */
  dir: string;
  port: number;
  install: PgInstall;
  user: PgUser | null;
  /** Extra postgres flags (`-c name=value` pairs). */
  flags: string[];
  log?: Logger;
}

export interface RunningCluster {
  pid: number;
  /** Stops whichever postmaster runs this cluster now (also one started after a restart). */
  stop(): Promise<void>;
}

export const logFileOf = (dir: string) => path.join(dir, 'postgres.log');
const ownerFileOf = (dir: string) => path.join(dir, 'enclave.owner');
const pidFileOf = (dir: string) => path.join(dir, 'postmaster.pid');

/** Runs a PostgreSQL program as its user, detached from our process group, and collects its output. */
export function runPg(
  spec: Pick<ClusterSpec, 'install' | 'user'>,
  program: 'initdb' | 'pg_ctl',
  args: string[],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.install.bin(program), args, {
      ...runAs(spec.user),
      // Ctrl-C at a terminal signals the whole foreground group: PostgreSQL is the app's to stop.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', (err) => reject(new Error(`could not run ${program}: ${err.message}`)));
    child.once('close', (code) => resolve({ code, output }));
  });
}

const cmdline = (pid: number): string[] | null => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return null;
  }
};

/** Whether `pid` is alive and runs `program` (where /proc cannot tell, alive is enough). */
function runs(pid: number, program: RegExp): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!existsSync('/proc/self')) return true;
  const argv0 = cmdline(pid)?.[0];
  return argv0 !== undefined && program.test(path.basename(argv0));
}

const readPid = (file: string): number | null => {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

/** The postmaster running this cluster, if any: postmaster.pid names a live postgres process. */
export function postmasterOf(dir: string): number | null {
  const pid = readPid(pidFileOf(dir));
  return pid !== null && runs(pid, /^postgres$/) ? pid : null;
}

/** The lines of PostgreSQL's output that explain a failure (FATAL and friends first). */
function cause(output: string): string {
  const lines = output.trim().split('\n').slice(-40);
  const serious = lines.filter((l) => /\b(FATAL|PANIC|ERROR)\b/.test(l));
  return (serious.length ? serious.slice(-3) : lines.slice(-3)).join(' | ').trim() || 'no output';
}

const readLog = (dir: string) => {
  try {
    return readFileSync(logFileOf(dir), 'utf8');
  } catch {
    return '';
  }
};

/** Creates the cluster on first use (the superuser `postgres` with a password, scram-sha-256). */
export async function initCluster(spec: ClusterSpec, superPassword: string): Promise<boolean> {
  if (existsSync(path.join(spec.dir, 'PG_VERSION'))) return false;
  mkdirSync(spec.dir, { recursive: true, mode: 0o700 });
  if (spec.user) chownSync(spec.dir, spec.user.uid, spec.user.gid);
  // Beside the cluster, where its user can read it; never in the cluster (initdb wants it empty).
  const pwFile = path.join(path.dirname(spec.dir), `.pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwFile, `${superPassword}\n`, { mode: 0o600 });
  try {
    if (spec.user) chownSync(pwFile, spec.user.uid, spec.user.gid);
    const r = await runPg(spec, 'initdb', [
      `--pgdata=${spec.dir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${pwFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ]);
    if (r.code !== 0) throw new Error(`initdb failed in ${spec.dir}: ${cause(r.output)}`);
  } finally {
    rmSync(pwFile, { force: true });
  }
  return true;
}

/** Stops a postmaster: fast (sessions end, work is kept), else immediate, else SIGKILL. */
async function stopPostmaster(spec: ClusterSpec, pid: number) {
  for (const mode of ['fast', 'immediate']) {
    await runPg(spec, 'pg_ctl', ['stop', '-D', spec.dir, '-m', mode, '-w', '-t', '20', '-s']);
    if (postmasterOf(spec.dir) === null) return;
  }
  process.kill(pid, 'SIGKILL');
}

/**
 * Clears what an earlier run left: a postmaster still running this cluster after its server
 * process died (kill -9, a crash) is stopped; a postmaster.pid whose process is gone is removed
 * (PostgreSQL would refuse to start if its pid now belongs to another process). Every cause is
 * logged. A postmaster whose server process is alive is left alone: that is a second start.
 */
async function recover(spec: ClusterSpec) {
  const pid = postmasterOf(spec.dir);
  if (pid !== null) {
    const owner = readPid(ownerFileOf(spec.dir));
    if (owner !== null && owner !== process.pid && runs(owner, /^node/))
      throw new Error(
        `the embedded PostgreSQL in ${spec.dir} belongs to process ${owner}, which is still running (another Enclave on the same DATA_DIR?): stop it first`,
      );
    spec.log?.warn(
      { pid, owner, dir: spec.dir },
      `embedded PostgreSQL (pid ${pid}) was still running after its server process${owner ? ` (pid ${owner})` : ''} ended without stopping it: stopping it before starting again`,
    );
    await stopPostmaster(spec, pid);
  } else if (existsSync(pidFileOf(spec.dir))) {
    spec.log?.warn(
      { pid: readPid(pidFileOf(spec.dir)), dir: spec.dir },
      'removing a stale postmaster.pid: the PostgreSQL that wrote it is gone',
    );
    rmSync(pidFileOf(spec.dir), { force: true });
  }
}

/** Starts the cluster (recovering from an earlier run first) and waits until it accepts connections. */
export async function startCluster(spec: ClusterSpec): Promise<RunningCluster> {
  await recover(spec);
  const logFile = logFileOf(spec.dir);
  if (existsSync(logFile)) renameSync(logFile, `${logFile}.1`);
  const opts = ['-p', String(spec.port), ...spec.flags].join(' ');
  const r = await runPg(spec, 'pg_ctl', [
    'start',
    '-D',
    spec.dir,
    '-l',
    logFile,
    '-o',
    opts,
    '-w',
    '-t',
    '60',
    '-s',
  ]);
  const pid = postmasterOf(spec.dir);
  if (r.code !== 0 || pid === null)
    throw new Error(
      `embedded PostgreSQL did not start: ${cause(`${readLog(spec.dir)}\n${r.output}`)} (its log: ${logFile})`,
    );
  writeFileSync(ownerFileOf(spec.dir), `${process.pid}\n`);

  // If this process exits without stopping it (an error at start-up, a shutdown past its
  // deadline), the cluster goes with it rather than staying behind as an orphan.
  const onExit = () => {
    if (postmasterOf(spec.dir) === null) return;
    const args = ['stop', '-D', spec.dir, '-w', '-t', '5', '-s', '-m'];
    const bin = spec.install.bin('pg_ctl');
    if (spawnSync(bin, [...args, 'fast'], { ...runAs(spec.user), stdio: 'ignore' }).status !== 0)
      spawnSync(bin, [...args, 'immediate'], { ...runAs(spec.user), stdio: 'ignore' });
  };
  process.on('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', onExit);
      // Read afresh: after a restart another postmaster runs the cluster than the one we started.
      const current = postmasterOf(spec.dir);
      if (current !== null) await stopPostmaster(spec, current);
      rmSync(ownerFileOf(spec.dir), { force: true });
    })());
  return { pid, stop };
}
