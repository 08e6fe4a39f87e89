import { chmodSync, cpSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/net';
import { killPostgresIn } from '../../test/process';
import { startEmbeddedPostgres } from './embedded';
import { packagedInstall, pgInstallAt } from './pg-binaries';
import { postmasterOf } from './pg-cluster';

// `npm start` as root from a clone in a folder the unprivileged postgres user cannot enter (root's
// home directory, any 0700 folder): the working directory, DATA_DIR and the binaries of the
// checkout's node_modules are all out of that user's reach. The same start-up code runs here.
const clone = mkdtempSync(path.join(os.tmpdir(), 'enclave-clone-')); // 0700, owned by root
const systemDir = mkdtempSync(path.join(os.tmpdir(), 'enclave-system-'));
chmodSync(systemDir, 0o755); // stands in for EMBEDDED_PG_SYSTEM_DIR (/var/lib/enclave)
const root = process.getuid?.() === 0;
const started: string[] = [];

afterAll(() => {
  for (const dir of started) killPostgresIn(dir);
  rmSync(clone, { recursive: true, force: true });
  rmSync(systemDir, { recursive: true, force: true });
});

const secrets = (n: number) => ({
  pgSuperPassword: `root-test-super-${n}-0000`,
  pgOwnerPassword: `root-test-owner-${n}-0000`,
  pgAppPassword: `root-test-app-${n}-00000`,
});

async function startInClone(n: number, port: number) {
  const before = process.cwd();
  // As `npm start` does: from inside the clone, with DATA_DIR relative to it.
  process.chdir(clone);
  try {
    const db = await startEmbeddedPostgres({
      dir: path.join('.data', 'pg'),
      port,
      secrets: secrets(n),
      systemDir,
      // The checkout's own copy of the binaries, reachable only through the clone.
      install: pgInstallAt(path.join(clone, 'node_modules', 'pg-native')),
    });
    started.push(db.dataDir);
    return db;
  } finally {
    process.chdir(before);
  }
}

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('embedded PostgreSQL started from a 0700 folder', () => {
  it('runs there as root: binaries copied and cluster kept where the postgres user can reach them', async () => {
    cpSync((await packagedInstall()).dir, path.join(clone, 'node_modules', 'pg-native'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    const port = await freePort();
    const first = await startInClone(1, port);
    const link = path.join(clone, '.data', 'pg');
    if (root) {
      // The cluster lives under the system folder; DATA_DIR/pg records where (a link to it).
      expect(first.dataDir.startsWith(path.join(systemDir, 'clusters') + path.sep)).toBe(true);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(first.install.dir.startsWith(path.join(systemDir, 'postgres-'))).toBe(true);
    } else {
      // PostgreSQL runs as this user, who may enter its own 0700 folders: nothing moves.
      expect(first.dataDir).toBe(link);
    }
    await query(first.adminUrl, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)');
    await first.stop();
    expect(postmasterOf(first.dataDir)).toBeNull();

    // The next start finds the same cluster (and the binaries already copied).
    const second = await startInClone(1, port);
    expect(second.dataDir).toBe(first.dataDir);
    expect(await query(second.adminUrl, 'SELECT id FROM kept')).toEqual([{ id: 42 }]);
    await second.stop();

    // Removing DATA_DIR starts over, as it does everywhere else: the old cluster does not linger.
    rmSync(path.join(clone, '.data'), { recursive: true, force: true });
    const fresh = await startInClone(2, port);
    expect(await query(fresh.adminUrl, "SELECT to_regclass('kept') AS t")).toEqual([{ t: null }]);
    await fresh.stop();
  }, 180_000);
});
