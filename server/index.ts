import next from 'next';
import { startApp } from './app';
import { env } from './env';
import { setPageSecurityPolicy } from './http/page-csp';
import { logger } from './lib/logger';
import { stopOnSignals } from './lifecycle';

// The one process: Next pages, the API (tRPC, REST, auth, health) and Socket.IO on one port.
const e = env();
const dev = e.NODE_ENV === 'development';
const nextApp = next({ dev, dir: process.cwd(), hostname: 'localhost', port: e.PORT });
await nextApp.prepare();
const handle = nextApp.getRequestHandler();

const app = await startApp({
  pages: async (req, res) => {
    await setPageSecurityPolicy(req, res, dev);
    await handle(req, res);
  },
});
logger.info(`Enclave is listening on ${app.url}`);

stopOnSignals(async () => {
  await app.shutdown();
  await nextApp.close();
});
