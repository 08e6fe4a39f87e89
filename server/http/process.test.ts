import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../env';

// A real server process (server/serve-api.ts: the same startApp and signal handling as
// server/index.ts, without Next pages) on this file's database, with its log captured.
const ROOT = path.resolve(import.meta.dirname, '../..');
let child: ChildProcess;
let output = '';
let port = 0;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

beforeAll(async () => {
  // Exactly the configuration this file runs on (its database, secrets), nothing inherited.
  const e = env();
  const childEnv = {
    NODE_ENV: 'test' as const,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'trace',
    SEED_DEMO: 'false',
    APP_URL: e.APP_URL,
    DATA_DIR: e.DATA_DIR,
    DATABASE_URL: e.DATABASE_URL,
    DATABASE_ADMIN_URL: e.DATABASE_ADMIN_URL,
    AUTH_SECRET: e.AUTH_SECRET,
    AUDIT_CHECKPOINT_KEY: e.AUDIT_CHECKPOINT_KEY,
  };
  child = spawn(process.execPath, ['--import', 'tsx', 'server/serve-api.ts'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 45_000;
  while (!port) {
    const m = /"url":"http:\/\/localhost:(\d+)","msg":"Enclave API is listening"/.exec(output);
    if (m) port = Number(m[1]);
    else if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`server did not start:\n${output}`);
    else await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);

afterAll(() => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const base = () => `http://127.0.0.1:${port}`;
const postJson = (p: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base()}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: env().APP_URL, ...headers },
    body: JSON.stringify(body),
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a real server process', () => {
  it('logs requests with their id, and never a password or session token', async () => {
    const email = `logs-${Date.now()}@example.test`;
    const password = 'Secret-Password-7781';
    const wrong = 'Wrong-Password-5523';
    const up = await postJson('/api/auth/sign-up/email', { email, password, name: 'Logs' });
    expect(up.status).toBe(200);
    // Sign-up signs nobody in: no session token comes back (the mailed link signs the person in).
    expect(((await up.json()) as { token: string | null }).token).toBeNull();
    expect((await postJson('/api/auth/sign-in/email', { email, password: wrong })).status).toBe(401);
    const requestId = 'sign-in-request-0001';
    const signIn = await postJson(
      '/api/auth/sign-in/email',
      { email, password },
      { 'x-request-id': requestId },
    );
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('x-request-id')).toBe(requestId);
    const token = ((await signIn.json()) as { token: string }).token;
    const cookie = signIn.headers.getSetCookie().join('; ');
    expect(cookie).toContain(token);

    const listed = await fetch(`${base()}/api/v1/workspaces`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'bad id!' },
    });
    expect(listed.status).toBe(200);
    // An unusable id is replaced by one of the server's own.
    expect(listed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    await sleep(200);
    expect(output).toMatch(
      new RegExp(`"requestId":"${requestId}".*"path":"/api/auth/sign-in/email","status":200`),
    );
    for (const secret of [password, wrong, token]) expect(output).not.toContain(secret);
  });

  it('on SIGTERM finishes the in-flight request, refuses new connections and exits 0 within 10 s', async () => {
    const body = JSON.stringify({
      email: `slow-${Date.now()}@example.test`,
      password: 'slow-password-1',
      name: 'Slow',
    });
    const cut = Math.floor(body.length / 2);
    let status = 0;
    let text = '';
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/api/auth/sign-up/email',
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        origin: env().APP_URL,
      },
    });
    const responded = new Promise<void>((resolve, reject) => {
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', resolve);
      });
      req.on('error', reject);
    });
    req.write(body.slice(0, cut));
    await sleep(300); // the server has the request (headers and half the body) in hand

    const signalled = Date.now();
    child.kill('SIGTERM');
    // Wait until the listener is closed: a new connection is refused.
    let refused = false;
    while (!refused && Date.now() - signalled < 5_000) {
      refused = await new Promise<boolean>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(false)));
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
      });
      if (!refused) await sleep(50);
    }
    expect(refused).toBe(true);
    expect(child.exitCode).toBeNull(); // still draining

    req.end(body.slice(cut));
    await responded;
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ user: { name: 'Slow' } });

    const { code, signal } = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
    // A clean stop: nothing logged at error level or above, no connection killed under the pools.
    const errors = output.split('\n').filter((l) => /"level":(5\d|60)/.test(l));
    expect(errors).toEqual([]);
    expect(output).not.toMatch(/terminating connection|shutdown deadline/);
    expect(output).toContain('"msg":"stopped"');
  }, 20_000);
});
