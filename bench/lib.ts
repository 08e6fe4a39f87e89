// Shared by the benchmarks (bench process) and the load generators (child processes).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  /** Set to false when the figure must not be quoted (the generator was CPU-bound). */
  valid?: false;
  /** What else was seen while measuring it (CPU per process, sample counts, errors). */
  note?: string;
  /** When the run that measured it ended, and the one-minute load average then (results.json). */
  measured?: string;
  load?: number;
}

/** Above this share of one core the generator, not the server, may be what limits the figure. */
export const SATURATED = 0.9;

/** The q-quantile (0..1) of the samples, nearest-rank. */
export function quantile(samples: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(samples).sort();
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/** The median (nearest rank): how the per-pair ratios of a figure are summed up. */
export const median = (xs: ArrayLike<number>) => quantile(xs, 0.5);

/** CPU this process used per wall second since `start`, as a share of one core. */
export function cpuShare(start: NodeJS.CpuUsage, wallMs: number): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000 / wallMs;
}

/** In a child: tells the bench process that a measured phase starts or ends (see runChild). */
export const mark = (name: 'start' | 'end') => process.stdout.write(`${JSON.stringify({ mark: name })}\n`);

/** This process's CPU share over [now + startMs, now + startMs + lengthMs] (timers at both ends). */
export function measureWindow(startMs: number, lengthMs: number): Promise<number> {
  return new Promise((resolve) =>
    setTimeout(() => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      mark('start');
      setTimeout(() => {
        mark('end');
        resolve(cpuShare(cpu0, performance.now() - t0));
      }, lengthMs);
    }, startMs),
  );
}

/**
 * Runs `bench/<file>` in its own Node process (the spec keeps load generators out of the server's
 * process and event loop). Parameters go in on stdin as JSON, so session tokens and database URLs do
 * not show up in `ps`; the child prints one JSON line with its result on stdout, after `mark` lines
 * that let the bench process measure its own side over the same window. Its stderr passes through.
 */
export function runChild<T>(
  file: string,
  params: unknown,
  onMark: (name: 'start' | 'end') => void = () => {},
): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', `bench/${file}`], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let last = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    const lines = out.split('\n');
    out = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^\{"mark":"(start|end)"\}$/.exec(line);
      if (m) onMark(m[1] as 'start' | 'end');
      else if (line.trim()) last = line;
    }
  });
  child.stdin.end(JSON.stringify(params));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (out.trim()) last = out;
      if (code !== 0) return reject(new Error(`bench/${file} exited with ${code}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`bench/${file} printed no result: ${last.slice(-500)}`));
      }
    });
  });
}

/** In a child: the parameters from stdin, then `main`'s result as the last stdout line. */
export async function childMain<P, R>(main: (params: P) => Promise<R>): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const result = await main(JSON.parse(input) as P);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Open sockets or pools must not keep a finished generator alive.
  process.exit(0);
}

/**
 * CPU time (ms) of the embedded PostgreSQL's processes (postmaster and its children), by pid, read
 * from /proc, so a figure can say whether the database, the server or the generator used the
 * machine's two cores. Backends that exit during a window are missed; the app's pooled connections
 * stay open.
 */
export function postgresCpu(dataDir: string): Map<string, number> {
  const out = new Map<string, number>();
  let postmaster: string;
  try {
    postmaster =
      readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')
        .split('\n')[0]
        ?.trim() ?? '';
  } catch {
    return out;
  }
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the parenthesised command name: state ppid ... utime(14) stime(15).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (pid === postmaster || f[1] === postmaster) out.set(pid, (Number(f[11]) + Number(f[12])) * tick);
  }
  return out;
}

/** CPU of this process and of PostgreSQL over a window, as shares of one core. */
export function cpuWindow(dataDir: string) {
  const t0 = performance.now();
  const self0 = process.cpuUsage();
  const pg0 = postgresCpu(dataDir);
  return () => {
    const wall = performance.now() - t0;
    let pgMs = 0;
    for (const [pid, ms] of postgresCpu(dataDir)) pgMs += ms - (pg0.get(pid) ?? 0);
    return { server: cpuShare(self0, wall), postgres: pgMs / wall };
  };
}

/** cpuWindow over [now + startMs, now + startMs + lengthMs], for a side that runs in this process. */
export function cpuWindowAfter(dataDir: string, startMs: number, lengthMs: number) {
  return new Promise<{ server: number; postgres: number }>((resolve) =>
    setTimeout(() => {
      const stop = cpuWindow(dataDir);
      setTimeout(() => resolve(stop()), lengthMs);
    }, startMs),
  );
}

/**
 * runChild, with this process's and PostgreSQL's CPU measured over the generator's marked window
 * (and when it began and ended), then `settle`.
 */
export async function runMeasured<T>(file: string, params: unknown, dataDir: string) {
  let stop: ReturnType<typeof cpuWindow> | undefined;
  let cpu = { server: NaN, postgres: NaN };
  const window = { start: new Date(), end: new Date() };
  const result = await runChild<T>(file, params, (m) => {
    window[m] = new Date();
    if (m === 'start') stop = cpuWindow(dataDir);
    else if (stop) cpu = stop();
  });
  await settle();
  return { result, cpu, window };
}

/** After a generator exits, the server still handles its sockets' disconnects (presence). */
export const settle = () => new Promise((r) => setTimeout(r, 2000));

/**
 * A raw `pg` connection for `fn`, closed whatever happens: one left open would take the bench down
 * with an unhandled error when the embedded PostgreSQL stops after a failure.
 */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export const pct = (x: number) => `${Math.round(x * 100)}%`;
