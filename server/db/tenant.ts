import type { Db, Tx } from './client';

declare const workspaceIdBrand: unique symbol;
/** A workspace id that a gate has checked. Services accept only this, never a raw string from input. */
export type WorkspaceId = string & { readonly [workspaceIdBrand]: true };

/**
 * Only the gates (tRPC procedure ladder, socket handshake/handlers, jobs, the seed) call this,
 * after they have established that the caller may act in that workspace.
 */
export const mintWorkspaceId = (id: string) => id as WorkspaceId;

export interface TenantContext {
  workspaceId: WorkspaceId | null;
  userId: string | null;
}

/**
 * Runs `fn` in one transaction whose RLS settings are made once, up front, with set_config(..., true):
 * they vanish at commit/rollback, so a pooled connection never carries one request's tenant into the next.
 */
export async function withTenant<T>(db: Db, tenant: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT set_config('app.workspace_id', ${tenant.workspaceId ?? ''}, true),
                                set_config('app.user_id', ${tenant.userId ?? ''}, true)`;
      return fn(tx);
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}
