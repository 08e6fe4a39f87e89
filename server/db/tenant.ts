import type { Db, Tx } from './client';
import { memberConversationRows, memberRows, type Membership } from './gate-rows';

export type { ConversationRow, Membership } from './gate-rows';

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
 * With `snapshot`, the transaction is REPEATABLE READ and read-only: every statement sees the database
 * as of its first, for reads that must agree with each other however long they take (an export).
 */
export async function withTenant<T>(
  db: Db,
  tenant: TenantContext,
  fn: (tx: Tx) => Promise<T>,
  opts: { snapshot?: { timeoutMs: number } } = {},
): Promise<T> {
  return db.$transaction(
    async (tx) => {
      // Before the first query, which is when a REPEATABLE READ transaction takes its snapshot.
      if (opts.snapshot) await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      await tx.$queryRaw`SELECT set_config('app.workspace_id', ${tenant.workspaceId ?? ''}, true),
                                set_config('app.user_id', ${tenant.userId ?? ''}, true)`;
      return fn(tx);
    },
    opts.snapshot
      ? { maxWait: 10_000, timeout: opts.snapshot.timeoutMs, isolationLevel: 'RepeatableRead' }
      : { maxWait: 10_000, timeout: 20_000 },
  );
}

/**
 * withTenant for a person's gated call: the settings and the membership read share one round trip
 * (`app_enter_as_member`), so a gated call costs BEGIN, this, its own queries and COMMIT. Given a
 * conversation, the same round trip reads its access row too (`app_enter_conversation`). `member`
 * is null when the user is not a member (or the workspace does not exist). The rows are parsed
 * (gate-rows.ts), so the function's columns and these types cannot drift apart.
 */
export async function withMember<T>(
  db: Db,
  tenant: { workspaceId: WorkspaceId; userId: string; conversationId?: string | undefined },
  fn: (tx: Tx, member: Membership | null) => Promise<T>,
): Promise<T> {
  const { workspaceId, userId, conversationId } = tenant;
  return db.$transaction(
    async (tx) => {
      const [member]: Membership[] = conversationId
        ? memberConversationRows.parse(
            await tx.$queryRaw`SELECT role, archived_at, conversation
              FROM app_enter_conversation(${workspaceId}::uuid, ${userId}, ${conversationId}::uuid)`,
          )
        : memberRows.parse(
            await tx.$queryRaw`
              SELECT role, archived_at FROM app_enter_as_member(${workspaceId}::uuid, ${userId})`,
          );
      return fn(tx, member ?? null);
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}
