import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { bootstrapDatabase, type DatabaseRuntime } from './db/bootstrap';
import { env } from './env';
import { createApiHandler } from './http/api';
import { keepPrivate } from './http/cache-control';
import { refuseUndecodablePath } from './http/page-path';
import { startJobs, type Jobs } from './jobs';
import { startPendingTokenCleaner } from './domain/search/index-cleaner';
import { logger } from './lib/logger';
import { createRealtime, type Realtime } from './realtime/server';
import { createRuntime, type Runtime } from './runtime';
import { demoFollowsAppUrl } from '../prisma/demo-origin';
import { seedDemoIfEmpty } from '../prisma/seed-demo';

type PageHandler = (req: IncomingMessage, res: ServerResponse, rt: Runtime) => Promise<void>;

export interface RunningApp {
  server: Server;
  realtime: Realtime;
  /** The process's runtime: the app's shared state and services. */
  runtime: Runtime;
  url: string;
  /** Stop accepting, let in-flight requests finish, tell sockets to reconnect, close the database. */
  shutdown(): Promise<void>;
}

/**
 * Builds the whole process: database (embedded or external) and migrations, HTTP with the API
 * routes and (optionally) Next pages, Socket.IO on the same port, background jobs.
 */
export interface StartOptions {
  pages?: PageHandler;
  port?: number;
  seed?: boolean;
  /**
   * A runtime built beforehand (tests, benchmarks: it outlives this server, and its database is not
   * closed on shutdown). Without it, the app connects (or starts embedded PostgreSQL), migrates and
   * builds its own.
   */
  runtime?: Runtime;
  /** Background jobs (pg-boss); on by default. */
  jobs?: boolean;
}

export async function startApp(opts: StartOptions = {}): Promise<RunningApp> {
  const e = env();
  const database: DatabaseRuntime | null = opts.runtime ? null : await bootstrapDatabase({ migrate: true });
  const rt = opts.runtime ?? createRuntime(database!);
  // Several nodes: a node that cannot reach Redis at start-up would be an island; fail instead.
  await rt.cluster.ready();
  // A seeded demo keeps its widget working on the app's own origin when APP_URL changes.
  if ((opts.seed ?? e.SEED_DEMO) && (await seedDemoIfEmpty(rt)) === null) await demoFollowsAppUrl(rt);
  const api = createApiHandler(rt);
  let inFlight = 0;
  let draining: (() => void) | undefined;
  let stopping: Promise<void> | undefined;

  const server = createServer((req, res) => {
    inFlight++;
    keepPrivate(req, res);
    // While draining, keep-alive connections end with their current response.
    if (stopping) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) draining?.();
    });
    void (async () => {
      if (await api(req, res)) return;
      if (opts.pages) {
        // Next answers 500 for a page path it cannot decode: refused here with a 400 instead.
        if (!refuseUndecodablePath(req, res)) await opts.pages(req, res, rt);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    })().catch((err: unknown) => {
      logger.error({ err }, 'unhandled request error');
      if (!res.headersSent)
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"message":"Internal error","code":"INTERNAL_SERVER_ERROR","data":{"appCode":"INTERNAL"}}');
    });
  });
  const realtime = createRealtime(server, rt);
  const jobs: Jobs | null = opts.jobs === false ? null : await startJobs(rt);
  // Said at start, so an operator knows whether uploads are scanned (docs/files.md).
  void rt
    .startScanner()
    .then((on) =>
      on
        ? logger.info('malware scanning is on (ClamAV)')
        : logger.warn('malware scanning is off: files follow each workspace\'s "cannot be scanned" setting'),
    );
  // Part of the write path rather than a job: it runs whether or not jobs do (the benchmarks too).
  const stopCleaner =
    e.SEARCH_INDEX_CLEAN_SECONDS > 0
      ? startPendingTokenCleaner(rt.db.admin, e.SEARCH_INDEX_CLEAN_SECONDS)
      : null;

  // A port in use fails the start (with its cause) instead of surfacing as an uncaught 'error'.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A reconnect storm (a node died, a network blip) brings thousands of connections at once:
    // Node's default queue of 511 overflows, and the connections it drops are reset seconds later
    // ("websocket error" in the clients). The kernel caps this at net.core.somaxconn.
    server.listen({ port: opts.port ?? e.PORT, host: e.HOST, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : e.PORT;
  const url = `http://localhost:${port}`;

  // Order matters: nothing may still hold a database connection when the database goes away
  // (embedded PostgreSQL logs "terminating connection due to administrator command" otherwise).
  const shutdown = () =>
    (stopping ??= (async () => {
      logger.info({ inFlight }, 'shutting down');
      server.close(); // stop accepting; idle keep-alive connections close now
      await realtime.close(); // sockets are told to reconnect (elsewhere, or here after restart)
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          draining = resolve;
          setTimeout(resolve, e.SHUTDOWN_TIMEOUT_MS).unref();
        });
      }
      server.closeAllConnections();
      await jobs?.stop();
      await stopCleaner?.();
      // Key counts and counted refusals of widget visitors still waiting to be written.
      if (database) await rt.close();
      await database?.stop();
      logger.info('stopped');
    })());

  return { server, realtime, runtime: rt, url, shutdown };
}
