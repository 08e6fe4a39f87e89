import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedDataDir, startServerProcess, type ServerProcess } from '../../test/process';
import { postmasterOf } from './pg-cluster';

// `npm start` after the server process was killed with SIGKILL (or crashed): its embedded
// PostgreSQL lived on as an orphan, holding postmaster.pid, and the next start died on it.
const data = embeddedDataDir();
const pgDir = path.join(data.dataDir, 'pg');
let server: ServerProcess | undefined;

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  data.remove();
});

const start = async (opts: { ownGroup?: boolean } = {}) =>
  startServerProcess({ DATA_DIR: data.dataDir, EMBEDDED_PG_PORT: String(await data.pgPort) }, opts);
const url = (p: string) => `http://127.0.0.1:${server?.port}${p}`;
const signIn = (email: string, password: string) =>
  fetch(url('/api/auth/sign-in/email'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('the embedded PostgreSQL across a kill -9 of the server', () => {
  const email = `orphan-${Date.now()}@example.test`;
  const password = 'Orphan-Password-1';

  it('starts again on the same DATA_DIR, stopping the orphaned cluster and saying so', async () => {
    server = await start();
    const up = await fetch(url('/api/auth/sign-up/email'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, name: 'Orphan' }),
    });
    expect(up.status).toBe(200);

    server.child.kill('SIGKILL');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const orphan = postmasterOf(pgDir);
    expect(orphan).not.toBeNull(); // PostgreSQL outlived its server: the situation to recover from

    server = await start({ ownGroup: true }); // the next test sends it Ctrl-C
    // The cause is in the log at warn level, with the orphan's pid, not only at debug level.
    expect(server.output()).toMatch(
      new RegExp(`"level":40,.*"pid":${orphan},.*still running after its server process`),
    );
    expect(postmasterOf(pgDir)).not.toBe(orphan);
    expect((await fetch(url('/api/ready'))).status).toBe(200);
    expect((await signIn(email, password)).status).toBe(200); // the data is still there
  }, 150_000);

  it('on Ctrl-C finishes the in-flight request, then stops its PostgreSQL and exits 0', async () => {
    const running = server!;
    const body = JSON.stringify({ email: `late-${Date.now()}@example.test`, password, name: 'Late' });
    const cut = Math.floor(body.length / 2);
    const req = request({
      host: '127.0.0.1',
      port: running.port,
      path: '/api/auth/sign-up/email',
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const status = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
    });
    req.write(body.slice(0, cut));
    await new Promise((r) => setTimeout(r, 300)); // the server holds the request, half read
    // A terminal sends SIGINT to the whole foreground process group. PostgreSQL is not in it: it
    // must still serve the request the server is draining.
    process.kill(-running.child.pid!, 'SIGINT');
    await new Promise((r) => setTimeout(r, 500));
    req.end(body.slice(cut));
    expect(await status).toBe(200);
    expect(await running.exited).toEqual({ code: 0, signal: null });
    expect(postmasterOf(pgDir)).toBeNull();
    expect(running.output()).not.toMatch(/shutdown deadline|terminating connection/);
  }, 30_000);

  it('starts over a stale postmaster.pid whose process id now belongs to another process', async () => {
    // As after a reboot or a container restart: the pid in the file is alive, but not PostgreSQL.
    const port = String(await data.pgPort);
    writeFileSync(path.join(pgDir, 'postmaster.pid'), `${process.pid}\n${pgDir}\n${Date.now()}\n${port}\n`);
    server = await start();
    expect(server.output()).toMatch(/"level":40,.*"msg":"removing a stale postmaster.pid/);
    expect((await signIn(email, password)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 150_000);
});
