import next from 'next';
import { startApp } from './app';
import { env } from './env';
import { setWidgetFrameHeaders } from './http/widget-frame';
import { logger } from './lib/logger';
import { exitStartFailed, stopOnSignals } from './lifecycle';

// The one process: Next pages, the API (tRPC, REST, auth, health) and Socket.IO on one port.
async function main() {
  const e = env();
  const dev = e.NODE_ENV === 'development';
  const nextApp = next({ dev, dir: process.cwd(), hostname: 'localhost', port: e.PORT });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();

  const app = await startApp({
    pages: async (req, res) => {
      await setWidgetFrameHeaders(req, res, dev);
      await handle(req, res);
    },
  });
  logger.info(`Enclave is listening on ${app.url}`);

  stopOnSignals(async () => {
    await app.shutdown();
    await nextApp.close();
  });
}

await main().catch(exitStartFailed);
