// `npm run bench`: starts its own embedded PostgreSQL in a temp dir, runs every benchmark, prints each
// figure with the ratio to a baseline measured in the same run, and writes bench/results.json.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../server/test-utils/global-setup';
import { setEnvForProcess } from '../server/env';
import { gateBenchmark } from './gate';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-'));
// Embedded PostgreSQL runs as its own unprivileged user and must be able to enter this folder.
chmodSync(dir, 0o755);
setEnvForProcess({
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATA_DIR: dir,
  EMBEDDED_PG_PORT: String(await freePort()),
  SEED_DEMO: 'false',
  RATE_LIMIT_USER_POINTS: '100000000',
  RATE_LIMIT_WORKSPACE_POINTS: '100000000',
  RATE_LIMIT_IP_POINTS: '100000000',
});
const { bootstrapDatabase } = await import('../server/db/bootstrap');
const database = await bootstrapDatabase({ migrate: true });
const figures: Figure[] = [];
try {
  figures.push(...(await gateBenchmark()));
} finally {
  await database.stop();
  rmSync(dir, { recursive: true, force: true });
}
for (const f of figures) {
  process.stdout.write(
    `${f.name.padEnd(28)} ${f.value.toFixed(1).padStart(10)} ${f.unit.padEnd(8)} baseline ${f.baseline.toFixed(1).padStart(10)}  ratio ${f.ratio.toFixed(2)}\n`,
  );
}
writeFileSync(path.join(import.meta.dirname, 'results.json'), `${JSON.stringify(figures, null, 2)}\n`);
