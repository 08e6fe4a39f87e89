import type { Db } from '../db/client';
import { mintWorkspaceId, withTenant } from '../db/tenant';
import type { TenantRunner } from '../domain/deps';

/** The longest a snapshot is held: it keeps VACUUM from old row versions while it lasts. */
const SNAPSHOT_TIMEOUT_MS = 3_600_000;

/**
 * Tenant transactions for work that is not a gated call (jobs, after-commit work, lookups by a
 * token that names its workspace): the gates' one implementation of the domain's TenantRunner.
 * The ids it is given come from the database or from a parsed token, never raw from input.
 */
export function createTenantRunner(db: { app: Db; admin: Db }): TenantRunner {
  return {
    system: (id, fn) => {
      const workspaceId = mintWorkspaceId(id);
      return withTenant(db.app, { workspaceId, userId: null }, (tx) => fn(tx, workspaceId));
    },
    snapshot: (id, fn) => {
      const workspaceId = mintWorkspaceId(id);
      return withTenant(db.app, { workspaceId, userId: null }, (tx) => fn(tx, workspaceId), {
        snapshot: { timeoutMs: SNAPSHOT_TIMEOUT_MS },
      });
    },
    personIn: (id, userId, fn) => {
      const workspaceId = mintWorkspaceId(id);
      return withTenant(db.app, { workspaceId, userId }, (tx) => fn(tx, workspaceId));
    },
    person: (userId, fn) => withTenant(db.app, { workspaceId: null, userId }, fn),
    global: db.app,
    admin: db.admin,
  };
}
