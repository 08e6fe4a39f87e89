import next from 'next';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startApp } from './app';
import { env } from './env';
import { setPageSecurityPolicy } from './http/page-csp';
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
    pages: async (req, res, rt) => {
      await setPageSecurityPolicy(rt, req, res, dev);
      await handle(req, res);
    },
  });
  logger.info(`Enclave is listening on ${app.url}`);
  // For the person who ran `npm start`: where it is now (the port may differ from the last start).
  const accounts = path.join(e.DATA_DIR, 'demo-credentials.txt');
  const demo = existsSync(accounts)
    ? `\n  Demo widget on a sample host page: ${e.APP_URL}/widget-demo.html\n  Demo accounts: ${accounts}`
    : '';
  // Without mail, a new account's sign-in link would go nowhere the person can see: say where it is.
  const mail = e.SMTP_URL ? '' : '\n  No SMTP_URL: mail (sign-up and password links) is printed in this log.';
  process.stdout.write(`\nEnclave is running at ${e.APP_URL}${demo}${mail}\n  Stop with Ctrl-C.\n\n`);

  stopOnSignals(async () => {
    await app.shutdown();
    await nextApp.close();
  });
}

await main().catch(exitStartFailed);
