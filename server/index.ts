import next from 'next';
import { startApp } from './app';
import { env } from './env';
import { logger } from './lib/logger';

// The one process: Next pages, the API (tRPC, REST, auth, health) and Socket.IO on one port.
const e = env();
const dev = e.NODE_ENV === 'development';
const nextApp = next({ dev, dir: process.cwd(), hostname: 'localhost', port: e.PORT });
await nextApp.prepare();
const handle = nextApp.getRequestHandler();

const app = await startApp({ pages: (req, res) => handle(req, res) });
logger.info(`Enclave is listening on ${app.url}`);

let exiting = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (exiting) return;
    exiting = true;
    // Whatever happens, exit inside 10 s.
    setTimeout(() => process.exit(0), 9_500).unref();
    app
      .shutdown()
      .then(() => nextApp.close?.())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  });
}
