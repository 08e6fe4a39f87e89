import { startApp } from './app';
import { logger } from './lib/logger';
import { exitStartFailed, stopOnSignals } from './lifecycle';

// The API process without Next pages (API, auth, REST, Socket.IO, jobs): for API-only deployments
// and for the process tests, which need a real process to signal and kill.
async function main() {
  const app = await startApp();
  stopOnSignals(() => app.shutdown());
  logger.info({ url: app.url }, 'Enclave API is listening');
}

await main().catch(exitStartFailed);
