// The end-to-end server: a fresh data directory (database, secrets) every run, then `npm start`'s
// script, which builds the pages when needed. Signals are passed on for a graceful stop.
import { spawn } from 'node:child_process';
import process from 'node:process';
import { rmSync } from 'node:fs';

const dataDir = process.env.DATA_DIR ?? '.test-data/e2e';
if (!dataDir.startsWith('.test-data/')) throw new Error(`refusing to delete ${dataDir}`);
rmSync(dataDir, { recursive: true, force: true });

const child = spawn(process.execPath, ['scripts/start.mjs'], { stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
