// Prisma's CLI wants a native schema engine even for `generate`, which never runs it and cannot be
// downloaded offline. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies the check.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath;
const bin = 'node_modules/prisma/build/index.js';
if (!existsSync(bin)) {
  console.error('prisma is not installed; run npm install');
  process.exit(1);
}
const r = spawnSync(process.execPath, [bin, 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
process.exit(r.status ?? 1);
