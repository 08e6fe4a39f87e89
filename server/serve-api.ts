import { startApp } from './app';
import { logger } from './lib/logger';
import { stopOnSignals } from './lifecycle';

// The API process without Next pages (API, auth, REST, Socket.IO, jobs): for API-only deployments
// and for the graceful-shutdown test, which needs a real process to signal.
const app = await startApp();
stopOnSignals(() => app.shutdown());
logger.info({ url: app.url }, 'Enclave API is listening');
