import { startApp, type RunningApp } from '../server/app';
import { testRuntime } from './runtime';

/**
 * The real HTTP server (API routes + Socket.IO, no Next pages) on a free loopback port, on this
 * test file's runtime (its database, caches and publisher). Call from beforeAll; stop it in afterAll.
 */
export async function startTestServer(opts: { jobs?: boolean } = {}): Promise<RunningApp> {
  return startApp({ port: 0, seed: false, runtime: testRuntime(), jobs: opts.jobs ?? false });
}
