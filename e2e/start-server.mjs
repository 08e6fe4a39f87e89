// The end-to-end server: a fresh data directory (database, secrets) every run, then `npm start`'s
// script, which builds the pages when needed. Signals are passed on, its status passed back.
import process from 'node:process';
import { rmSync } from 'node:fs';
import { supervise } from '../scripts/supervise.mjs';

const dataDir = process.env.DATA_DIR ?? '.test-data/e2e';
if (!dataDir.startsWith('.test-data/')) throw new Error(`refusing to delete ${dataDir}`);
rmSync(dataDir, { recursive: true, force: true });

supervise(['scripts/start.mjs'], process.env);
