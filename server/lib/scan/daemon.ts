import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ping, type ClamdAddress } from './clamd';

export interface ClamdOptions {
  /** Where the daemon keeps its configuration, signatures, socket and temporary files. */
  dir: string;
  binary?: string;
  /** More signature databases (.cvd, .cld, .ndb, .hdb …), copied next to Enclave's own. */
  databaseDirs?: string[];
  /** How long to wait for the first PONG. */
  timeoutMs?: number;
  /** The largest stream clamd accepts (StreamMaxLength, at most 2 GiB); larger ones are ScanUnavailable. */
  streamMaxBytes?: number;
}

export interface ClamdProcess {
  address: ClamdAddress;
  /** SIGTERM, wait for the exit, remove the socket. */
  stop(): Promise<void>;
}

export const CLAMD_BINARY = '/usr/sbin/clamd';
export const SIGNATURES_DIR = path.join(import.meta.dirname, 'signatures');
const START_MS = 60_000;
const STOP_MS = 10_000;
const DEFAULT_STREAM_MAX = 200 * 1024 * 1024;
// clamd scans nothing larger (it caps MaxFileSize here with a warning): bigger streams are refused.
const CLAMD_FILE_LIMIT = 2 ** 31 - 3;
// sun_path is 108 bytes with its terminating NUL.
const MAX_SOCKET_PATH = 107;

/**
 * The daemon's configuration. No `User`: clamd drops privileges only when one is set, so it runs
 * as whoever starts it, root included. AlertExceedsMax turns a limit hit inside a file (an archive
 * that unpacks too big, too deep, too slow) into a Heuristics.Limits.Exceeded answer instead of OK.
 * MaxFileSize stays above MaxScanSize because clamd silently scans only the head of an archive
 * entry over MaxFileSize, while going over MaxScanSize raises that alert.
 */
export function clamdConfig(p: { dir: string; socket: string; streamMaxBytes: number }): string {
  if (!Number.isInteger(p.streamMaxBytes) || p.streamMaxBytes < 1)
    throw new Error(`clamd: streamMaxBytes must be a positive integer, not ${p.streamMaxBytes}`);
  const stream = Math.min(p.streamMaxBytes, CLAMD_FILE_LIMIT - 1);
  const settings: [string, string | number][] = [
    ['Foreground', 'yes'],
    ['LocalSocket', p.socket],
    ['LocalSocketMode', '600'],
    // A socket left by a daemon that died would make the next start fail.
    ['FixStaleSocket', 'yes'],
    ['PidFile', path.join(p.dir, 'clamd.pid')],
    ['DatabaseDirectory', path.join(p.dir, 'db')],
    // INSTREAM spools every stream to a temporary file: keep them in our directory.
    ['TemporaryDirectory', path.join(p.dir, 'tmp')],
    ['LogSyslog', 'no'],
    ['ScanArchive', 'yes'],
    ['StreamMaxLength', stream],
    // What an archive may unpack to, all told.
    ['MaxScanSize', Math.min(stream * 4, CLAMD_FILE_LIMIT - 1)],
    ['MaxFileSize', CLAMD_FILE_LIMIT],
    ['AlertExceedsMax', 'yes'],
  ];
  for (const [k, v] of settings)
    // The parser takes the rest of the line (spaces are fine); a line break would end it.
    if (/[\r\n]/.test(String(v))) throw new Error(`clamd: ${k} may not contain a line break`);
  return `# Written by Enclave at every start (server/lib/scan/daemon.ts).\n${settings.map(([k, v]) => `${k} ${v}`).join('\n')}\n`;
}

async function executable(file: string) {
  try {
    await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Our signatures plus the extra directories' files, into a fresh `db` (clamd reads one directory). */
async function gatherDatabases(db: string, extra: string[]) {
  await fs.rm(db, { recursive: true, force: true });
  await fs.mkdir(db, { recursive: true });
  for (const from of [SIGNATURES_DIR, ...extra])
    for (const e of await fs.readdir(from, { withFileTypes: true }))
      if (e.isFile()) await fs.copyFile(path.join(from, e.name), path.join(db, e.name));
}

/**
 * Where the socket goes: in `dir`, or, when that path is too long for a unix socket, in a private
 * directory under os.tmpdir(). A socket rather than TCP: a port would have to be chosen before
 * clamd binds it (a race), and any local user could reach it; the socket is ours alone (mode 600).
 */
async function socketPath(dir: string): Promise<{ socket: string; scratch: string | null }> {
  const inDir = path.join(dir, 'clamd.sock');
  if (Buffer.byteLength(inDir) <= MAX_SOCKET_PATH) return { socket: inDir, scratch: null };
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'enclave-clamd-'));
  return { socket: path.join(scratch, 'clamd.sock'), scratch };
}

/** The last few KB of what the daemon printed (for errors); it must be drained or clamd blocks. */
function tail(max = 4096) {
  let text = '';
  return {
    add: (chunk: Buffer) => {
      text = (text + chunk.toString('utf8')).slice(-max);
    },
    text: () => text.trim(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts Debian's clamd with Enclave's configuration in `dir` and waits until it answers PING.
 * Null when the binary is missing; rejects, with the daemon's last words, when it will not start.
 */
export async function startClamd(opts: ClamdOptions): Promise<ClamdProcess | null> {
  const binary = opts.binary ?? CLAMD_BINARY;
  if (!(await executable(binary))) return null;
  const dir = path.resolve(opts.dir);
  await fs.mkdir(path.join(dir, 'tmp'), { recursive: true });
  await gatherDatabases(path.join(dir, 'db'), opts.databaseDirs ?? []);
  const { socket, scratch } = await socketPath(dir);
  const conf = path.join(dir, 'clamd.conf');
  await fs.writeFile(
    conf,
    clamdConfig({ dir, socket, streamMaxBytes: opts.streamMaxBytes ?? DEFAULT_STREAM_MAX }),
  );

  const child = spawn(binary, ['--foreground', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = tail();
  child.stdout.on('data', output.add);
  child.stderr.on('data', output.add);
  const state: { exit: string | null } = { exit: null };
  // 'close' rather than 'exit': by then its output is read to the end.
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      state.exit ??= err.message;
      resolve();
    });
    child.once('close', (code, signal) => {
      state.exit ??= signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve();
    });
  });
  // A daemon outliving the process that started it would hold the socket and its memory.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  const address: ClamdAddress = { socket };

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (state.exit === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
      await exited;
      clearTimeout(timer);
      process.off('exit', orphan);
      await fs.rm(socket, { force: true });
      if (scratch) await fs.rm(scratch, { recursive: true, force: true });
    })());

  const deadline = Date.now() + (opts.timeoutMs ?? START_MS);
  for (;;) {
    if (state.exit !== null) {
      await stop();
      throw new Error(`clamd did not start (${state.exit}): ${output.text() || 'no output'}`);
    }
    if (await ping(address, 1_000)) return { address, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`clamd did not answer PING within ${opts.timeoutMs ?? START_MS} ms: ${output.text()}`);
    }
    await sleep(50);
  }
}
