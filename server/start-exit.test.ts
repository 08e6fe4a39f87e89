import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { env } from './env';

// The exit status of `npm start` (scripts/start.mjs runs the server through scripts/supervise.mjs):
// what a supervisor that restarts on failure goes by.
const ROOT = path.resolve(import.meta.dirname, '..');
const supervise = pathToFileURL(path.join(ROOT, 'scripts/supervise.mjs')).href;

/** Runs `args` under the supervisor; `signal` is sent to the supervisor once the child says "ready". */
function supervised(args: string[], childEnv: Record<string, string>, signal?: NodeJS.Signals) {
  const code = `import { supervise } from ${JSON.stringify(supervise)};\nsupervise(${JSON.stringify(args)}, process.env);`;
  const p = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    env: { NODE_ENV: 'test', PATH: '/usr/bin:/bin', ...childEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (c: Buffer) => {
    output += c.toString();
    if (signal && output.includes('ready')) p.kill(signal);
  };
  p.stdout.on('data', collect);
  p.stderr.on('data', collect);
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    p.once('exit', (c) => resolve({ code: c, output })),
  );
}

const held: Server[] = [];
afterAll(() => held.forEach((s) => s.close()));

describe('npm start exit status', () => {
  it('is 128 + the signal when the server is killed by one (SIGKILL: 137)', async () => {
    const r = await supervised(['-e', "process.kill(process.pid, 'SIGKILL')"], {});
    expect(r.code).toBe(137);
  });

  it('is 0 after a graceful stop on SIGTERM or SIGINT', async () => {
    const child =
      "process.on('SIGTERM', () => process.exit(0)); process.on('SIGINT', () => process.exit(0)); console.log('ready'); setInterval(() => {}, 1000);";
    expect((await supervised(['-e', child], {}, 'SIGTERM')).code).toBe(0);
    expect((await supervised(['-e', child], {}, 'SIGINT')).code).toBe(0);
  });

  it('is 1 when the server cannot start, with one line that says why', async () => {
    const busy = createServer();
    held.push(busy);
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const e = env();
    const r = await supervised(['--import', 'tsx', 'server/serve-api.ts'], {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'fatal',
      DATA_DIR: e.DATA_DIR,
      DATABASE_URL: e.DATABASE_URL!,
      DATABASE_ADMIN_URL: e.DATABASE_ADMIN_URL!,
      AUTH_SECRET: e.AUTH_SECRET!,
      AUDIT_CHECKPOINT_KEY: e.AUDIT_CHECKPOINT_KEY!,
    });
    expect(r.code).toBe(1);
    expect(r.output).toContain(
      `Enclave could not start: port ${port} is in use: stop what listens there, or set PORT\n`,
    );
  }, 60_000);
});
