import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { logger } from './lib/logger';

/** Whether something accepts connections on this loopback port. */
export const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

/** Loopback only, nothing kept on disk. */
export const redisServerArgs = (port: number, dir: string) => [
  '--port',
  String(port),
  '--bind',
  '127.0.0.1',
  '--save',
  '',
  '--appendonly',
  'no',
  '--dir',
  dir,
];

/**
 * Debian's redis-server for the nodes of this machine, as embedded PostgreSQL is for the database:
 * loopback only, nothing kept on disk (presence, limits and the adapter's stream are worth
 * nothing after a restart of the whole deployment).
 */
export async function startLocalRedis(dir: string, port: number) {
  mkdirSync(dir, { recursive: true });
  if (await answers(port)) throw new Error(`port ${port} is in use: set EMBEDDED_REDIS_PORT or REDIS_URL`);
  const child = spawn('redis-server', redisServerArgs(port, dir), {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(
        new Error(
          `could not run redis-server (${err.message}): install it (apt-get install redis-server) or set REDIS_URL`,
        ),
      ),
    ),
  );
  for (let i = 0; i < 100; i++) {
    if (await Promise.race([answers(port), failed])) {
      logger.info({ port }, 'redis-server started');
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${port}`);
}
