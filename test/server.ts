import { afterAll, beforeAll } from 'vitest';
import { startApp, type RunningApp } from '../server/app';
import { setEnvForProcess } from '../server/env';
import { testRuntime } from './runtime';
import { closeAllClients } from './sockets';

export interface TestServerOptions {
  /** Run the pg-boss workers too (off by default: their timers would land inside tests). */
  jobs?: boolean;
  /** Configuration to apply before the server starts (what it reads at start-up). */
  env?: Record<string, string>;
}

/**
 * The real HTTP server (API routes + Socket.IO, no Next pages) on a free loopback port, on this
 * test file's runtime (its database, caches and publisher). Most files want `useTestServer()`.
 */
export async function startTestServer(opts: TestServerOptions = {}): Promise<RunningApp> {
  if (opts.env) setEnvForProcess(opts.env);
  return startApp({ port: 0, seed: false, runtime: testRuntime(), jobs: opts.jobs ?? false });
}

/**
 * Starts the test server in beforeAll and, in afterAll, closes the socket clients the file opened
 * and shuts it down. Call once at the top of a file (or of a describe). The handle's fields are
 * read when used, so they may be named in tests and hooks but not while the file is being loaded.
 */
export function useTestServer(opts: TestServerOptions = {}): RunningApp {
  let running: RunningApp | undefined;
  beforeAll(async () => {
    running = await startTestServer(opts);
  });
  afterAll(async () => {
    closeAllClients();
    await running?.shutdown();
  });
  return lazyApp(() => running, 'useTestServer()');
}

/** A RunningApp whose fields are looked up when read, failing clearly until `get` has one. */
export function lazyApp(get: () => RunningApp | undefined, what: string): RunningApp {
  const app = (): RunningApp => {
    const running = get();
    if (running) return running;
    throw new Error(`${what}: the server starts in beforeAll; read it from a test or a later hook`);
  };
  return {
    get server() {
      return app().server;
    },
    get realtime() {
      return app().realtime;
    },
    get runtime() {
      return app().runtime;
    },
    get url() {
      return app().url;
    },
    shutdown: () => app().shutdown(),
  };
}
