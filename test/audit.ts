import pg from 'pg';
import { mintWorkspaceId, withTenant } from '../server/db/tenant';
import { checkpointCopy } from '../server/domain/audit/copy-config';
import { writeCheckpoints } from '../server/domain/audit/service';
import { verifyAudit, type VerifyOptions } from '../server/domain/audit/verify';
import { env } from '../server/env';
import { appSecrets } from '../server/lib/app-secrets';
import { signUp, type TestUser } from './actors';
import { workspaceWith } from './factories';
import { ownerUrlForThisFile } from './setup/db';
import { testRuntime } from './runtime';

// Audit-log helpers for tests that attack the chain with the table owner's rights.

let auditor: Promise<TestUser> | undefined;

/** A fresh workspace whose audit log holds `entries` entries: workspace.create, then renames. */
export async function auditedWorkspace(entries = 6) {
  auditor ??= signUp('Auditor');
  const ws = await workspaceWith({}, { name: 'Audited', owner: await auditor });
  const { api } = ws;
  let renames = 0;
  /** Appends `n` entries (workspace.update) through the real procedure. */
  const grow = async (n: number) => {
    for (let i = 0; i < n; i++)
      await api.workspace.update({ workspaceId: ws.id, name: `Audited ${++renames}` });
  };
  await grow(entries - 1);
  const head = async () =>
    (
      await testRuntime().db.admin.auditEvent.findFirst({
        where: { workspaceId: ws.id },
        orderBy: { seq: 'desc' },
      })
    )?.seq ?? 0n;
  return {
    api,
    ws,
    grow,
    head,
    /** audit.verify through the procedure, as an admin calls it. */
    verify: () => api.audit.verify({ workspaceId: ws.id }),
    /** The checkpoint job's work, once. */
    checkpoint: () => writeCheckpoints(testRuntime().db.admin, appSecrets().checkpointKey),
  };
}

/** verifyAudit in a tenant transaction, with the clock or the copy chosen by the test. */
export function verifyWith(workspaceId: string, opts: Partial<VerifyOptions>) {
  const id = mintWorkspaceId(workspaceId);
  return withTenant(testRuntime().db.app, { workspaceId: id, userId: null }, (tx) =>
    verifyAudit(
      { tx, scope: { workspaceId: id } },
      {
        checkpointKey: appSecrets().checkpointKey,
        intervalSeconds: env().AUDIT_CHECKPOINT_INTERVAL_SECONDS,
        copy: checkpointCopy(),
        ...opts,
      },
    ),
  );
}

/**
 * Runs statements as the owner role (`enclave_owner`, which owns the audit tables): it cannot use
 * session_replication_role (superuser only), but as the owner it may switch the append-only
 * triggers off, which it does here inside the same transaction.
 */
export async function asOwner(statements: [sql: string, params?: unknown[]][]) {
  const c = new pg.Client({ connectionString: ownerUrlForThisFile() });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
    await c.query('ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_no_update');
    for (const [sql, params] of statements) await c.query(sql, params);
    await c.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update');
    await c.query('ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_no_update');
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}
