import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/client';
import { mintWorkspaceId, withMember, withTenant, type Membership, type WorkspaceId } from '../db/tenant';
import type { Actor } from '../domain/actor';
import type { ApiKeyScope } from '../domain/api-key/scopes';
import { appendAudit, type AuditActor } from '../domain/audit/append';
import type { Deps } from '../domain/deps';
import { restrictionRefusal, restrictionsOf } from '../domain/lockdown/read';
import type { RateTier } from '../../shared/policy';
import { atLeast, type Role } from '../../shared/roles';
import { enteredConversation, type Scope, type ServiceCtx } from '../domain/scope';
import { AppError } from '../lib/errors';
import { logger } from '../lib/logger';
import type { RequestMeta } from '../lib/request-meta';
import type { DatabaseHandles } from '../db/bootstrap';

/** What the gate needs of the runtime: the database, and the services it hands to the call. */
export type GateDeps = Deps & { db: DatabaseHandles };

export interface EnterOptions {
  /** Lowest role allowed (default guest: any member). */
  role?: Role;
  /** The API-key scope that admits a key; without it, keys are refused. */
  keyScope?: ApiKeyScope;
  /** Whether widget visitors may enter (as guests of their one workspace). */
  visitor: boolean;
  /** Writes are refused in archived workspaces unless this is set (unarchiving). */
  write: boolean;
  /**
   * How the call meets a lockdown (default: as `write` says). 'read': a write that counts as a
   * read (read marks); 'open': allowed in any lockdown (reading the lockdown itself); 'send': a
   * message send, which a quarantine that holds lets through to be held for review.
   */
  lockdown?: 'read' | 'open' | 'send';
  allowArchived?: boolean;
  /** The call names a conversation: its access row is read in the gate's first round trip. */
  conversationId?: string | undefined;
  /** Runs once the caller is known to be allowed in, before the call (the workspace's budget, at its policy's tier). */
  admitted?: (tier: RateTier) => Promise<void>;
  /** What the refusal is audited as (the procedure or event name); unset: refusals are not audited. */
  audit?: string;
}

/** A refusal by role or capability, after membership was established: it is audited. */
export class Denied extends AppError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

const userIdOf = (actor: Actor): string | null => (actor.kind === 'apiKey' ? null : actor.userId);
const auditActorOf = (actor: Actor): AuditActor =>
  actor.kind === 'apiKey' ? { type: 'apiKey', id: actor.keyId } : { type: 'user', id: actor.userId };

/** The role an actor acts with once admitted, or why not: one rule for every entry point. */
function admit(actor: Actor, member: Membership | null, keyWorkspace: boolean, opts: EnterOptions): Role {
  if (actor.kind === 'apiKey') {
    if (!keyWorkspace) throw new AppError('NOT_FOUND', 'Workspace not found');
    if (!opts.keyScope || !actor.scopes.includes(opts.keyScope))
      throw new Denied('This API key may not do that');
    // A key acts with the rights its scope grants, never above admin.
    return 'admin';
  }
  if (!member) throw new AppError('NOT_FOUND', 'Workspace not found');
  // A visitor acts as a guest whatever its member row says.
  const role: Role = actor.kind === 'visitor' ? 'guest' : member.role;
  if (actor.kind === 'visitor' && !opts.visitor) throw new Denied('The chat widget cannot do that');
  const min = opts.role ?? 'guest';
  if (!atLeast(role, min)) throw new Denied(`This needs the ${min} role or higher`);
  return role;
}

async function auditDenied(
  deps: GateDeps,
  workspaceId: WorkspaceId,
  actor: Actor,
  what: string,
  meta: RequestMeta,
) {
  try {
    // Anyone with a host page is a visitor: their refusals are counted, not each written.
    if (actor.kind === 'visitor')
      return await deps.visitorDenials.record(workspaceId, actor.userId, what, meta);
    await withTenant(deps.db.app, { workspaceId, userId: userIdOf(actor) }, (tx) =>
      appendAudit(tx, workspaceId, {
        action: 'authz.denied',
        actor: auditActorOf(actor),
        data: { procedure: what },
        meta,
      }),
    );
  } catch (e) {
    // The workspace may not exist (foreign key): nothing to record it in.
    logger.debug({ err: e, requestId: meta.requestId }, 'authorization failure not audited');
  }
}

/**
 * The one workspace gate, shared by tRPC (and REST) and the socket handlers. Reads membership and
 * role from the database on every call, inside the one transaction whose RLS settings scope all of
 * the call's queries, then mints the scope and runs `fn` in it; work queued with afterCommit runs
 * once the transaction has committed. A non-member learns nothing: NOT_FOUND whether or not the
 * workspace exists. Refusals by role are audited (`authz.denied`) when `opts.audit` names the call.
 */
export async function enterWorkspace<T>(
  deps: GateDeps,
  call: { actor: Actor; workspaceId: string; meta: RequestMeta },
  opts: EnterOptions,
  fn: (ctx: ServiceCtx) => Promise<T>,
): Promise<T> {
  const { actor, meta } = call;
  const workspaceId = mintWorkspaceId(call.workspaceId);
  // A visitor's session belongs to one workspace; every other one does not exist for it.
  if (actor.kind === 'visitor' && actor.workspaceId !== workspaceId)
    throw new AppError('NOT_FOUND', 'Workspace not found');
  const pending: (() => void | Promise<void>)[] = [];
  const body = async (tx: Tx, member: Membership | null) => {
    let archivedAt: Date | null = member?.archived_at ?? null;
    let keyWorkspace = false;
    if (actor.kind === 'apiKey' && actor.workspaceId === workspaceId) {
      const w = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { archivedAt: true } });
      keyWorkspace = w !== null;
      archivedAt = w?.archivedAt ?? null;
    }
    const role = admit(actor, member, keyWorkspace, opts);
    if (opts.admitted) await opts.admitted((await deps.settings.read(tx, workspaceId)).security.limits.tier);
    if (archivedAt && opts.write && !opts.allowArchived)
      throw new AppError('FORBIDDEN', 'This workspace is archived');
    const locked = restrictionRefusal(
      await restrictionsOf(deps, tx, workspaceId),
      {
        userId: userIdOf(actor),
        role,
        apiKey: actor.kind === 'apiKey',
        visitor: actor.kind === 'visitor',
      },
      opts.lockdown ?? (opts.write ? 'write' : 'read'),
    );
    if (locked) throw locked;
    const scope: Scope = {
      workspaceId,
      role,
      actor,
      userId: userIdOf(actor),
      auditActor: auditActorOf(actor),
      ...enteredConversation(opts.conversationId, member),
    };
    return fn({ tx, scope, meta, afterCommit: (f) => pending.push(f), deps });
  };
  let result: T;
  try {
    result =
      actor.kind === 'apiKey'
        ? await withTenant(deps.db.app, { workspaceId, userId: null }, (tx) => body(tx, null))
        : await withMember(
            deps.db.app,
            { workspaceId, userId: actor.userId, conversationId: opts.conversationId },
            body,
          );
  } catch (e) {
    if (e instanceof Denied && opts.audit) await auditDenied(deps, workspaceId, actor, opts.audit, meta);
    throw e;
  }
  for (const f of pending) {
    try {
      await f();
    } catch (err) {
      logger.error({ err, requestId: meta.requestId }, 'after-commit task failed');
    }
  }
  return result;
}

/** Request metadata for work that did not come in over HTTP (a socket event). */
export const socketMeta = (ip: string): RequestMeta => ({ requestId: randomUUID(), ip, userAgent: null });
