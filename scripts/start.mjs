// `npm start`: build the pages when they are missing or older than the sources, then run the one
// server process (Next pages + API + Socket.IO), or ENCLAVE_NODES of them, passing signals on and
// exiting with its status.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyPdfjsAssets } from './pdfjs-assets.mjs';
import { supervise } from './supervise.mjs';

const roots = ['app', 'components', 'shared', 'public', 'next.config.ts', 'package-lock.json'];
function sourceHash() {
  const h = createHash('sha256');
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(path.join(p, e));
    else h.update(p).update(readFileSync(p));
  };
  roots.forEach(walk);
  return h.digest('hex');
}

// The PDF viewer's worker, fonts and maps, served from public/ (a no-op when they are there).
copyPdfjsAssets();
const stamp = '.next/enclave-source-hash';
const hash = sourceHash();
const built = existsSync('.next/BUILD_ID') && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
if (!built) {
  console.log('Building the web app (first start or sources changed)…');
  const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, hash);
}

// ENCLAVE_NODES=N: N processes behind the one port, sharing PostgreSQL and Redis (server/cluster.ts).
const nodes = Number(process.env.ENCLAVE_NODES ?? '1');
const entry = Number.isInteger(nodes) && nodes > 1 ? 'server/cluster.ts' : 'server/index.ts';
supervise(['--import', 'tsx', entry], {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'production',
});
