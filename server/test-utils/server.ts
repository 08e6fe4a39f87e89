import { startApp, type RunningApp } from '../app';

/**
 * The real HTTP server (API routes + Socket.IO, no Next pages) on a free loopback port, using this
 * test file's database. Call from beforeAll; stop it in afterAll.
 */
export async function startTestServer(opts: { jobs?: boolean } = {}): Promise<RunningApp> {
  return startApp({ port: 0, seed: false, manageDatabase: false, jobs: opts.jobs ?? false });
}
