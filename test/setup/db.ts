import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { OWNER_ROLE, RUNTIME_ROLE } from '../../server/db/roles';
import { setEnvForProcess } from '../../server/env';
import type { TestDatabaseCluster } from './global';

const provided = inject('pg') as TestDatabaseCluster | undefined;
// Unit tests run without the embedded PostgreSQL: importing this (through test/db.ts, say) is a mistake.
if (!provided)
  throw new Error(
    'test/setup/db.ts: there is no test database in this project; tests that need one belong to the integration project (vitest.config.ts)',
  );
const cluster = provided;
const clamd = inject('clamd');
const dbName = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
const url = (user: string, pw: string) => `postgresql://${user}:${pw}@127.0.0.1:${cluster.port}/${dbName}`;

// Configuration for this test file: its own database, generous rate limits (tests that exercise
// limits install their own), fixed secrets.
setEnvForProcess({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATABASE_URL: url(RUNTIME_ROLE, cluster.appPassword),
  DATABASE_ADMIN_URL: url(OWNER_ROLE, cluster.ownerPassword),
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'enclave-test-data-')),
  AUTH_SECRET: 'test-auth-secret-0123456789-abcdefghijkl',
  AUDIT_CHECKPOINT_KEY: 'test-checkpoint-key-0123456789-abcdefghij',
  RATE_LIMIT_USER_POINTS: '100000',
  RATE_LIMIT_WORKSPACE_POINTS: '100000',
  RATE_LIMIT_IP_POINTS: '100000',
  RATE_LIMIT_AUTH_POINTS: '100000',
  RATE_LIMIT_GLOBAL_POINTS: '10000000',
  RATE_LIMIT_BURST_PERCENT: '100',
  // Every test's people are minutes old: only the tests of tiers give them a smaller budget.
  RATE_LIMIT_NEW_ACCOUNT_HOURS: '0',
  RATE_LIMIT_VISITOR_PERCENT: '100',
  SIGN_IN_FAILURES_PER_ACCOUNT: '100000',
  // Simulated people send faster than the policy's messages per minute; its tests turn it on.
  POLICY_SEND_LIMITS: 'false',
  APP_URL: 'http://localhost:3999',
  // Offline at once unless a test asks for the grace time (the presence tests of several nodes).
  PRESENCE_OFFLINE_GRACE_MS: '0',
  // The run's one ClamAV daemon (test/setup/global.ts); without clamd installed, scanning is off.
  ...(clamd ? { CLAMAV_SOCKET: clamd } : { CLAMAV: 'off' }),
});

let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const c = new pg.Client({ connectionString: cluster.superUrl });
  await c.connect();
  await c.query(`CREATE DATABASE "${dbName}" TEMPLATE ${cluster.template} OWNER ${OWNER_ROLE}`);
  await c.end();
  const { bootstrapDatabase } = await import('../../server/db/bootstrap');
  const { createRuntime } = await import('../../server/runtime');
  const { setTestRuntime } = await import('../runtime');
  const database = await bootstrapDatabase({ migrate: false });
  const rt = createRuntime(database);
  setTestRuntime(rt);
  stop = async () => {
    await rt.close();
    setTestRuntime(undefined);
    await database.stop();
  };
});

afterAll(async () => {
  await stop?.();
  const c = new pg.Client({ connectionString: cluster.superUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await c.end();
});

/** Superuser access to this file's database: for tampering tests only (bypasses RLS and grants). */
export const superUrlForThisFile = () => cluster.superUrl.replace(/\/postgres$/, `/${dbName}`);
export const appUrlForThisFile = () => url(RUNTIME_ROLE, cluster.appPassword);
/** The owner role's URL for this file's database (the role that owns the tables, as migrations run). */
export const ownerUrlForThisFile = () => url(OWNER_ROLE, cluster.ownerPassword);
/** The owner role's URL for any database of the test cluster (e.g. a scratch database a test creates). */
export const ownerUrlFor = (database: string) =>
  `postgresql://${OWNER_ROLE}:${cluster.ownerPassword}@127.0.0.1:${cluster.port}/${database}`;
