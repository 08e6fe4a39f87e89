import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { db } from '../db';
import type { Tx } from '../db/client';
import { mintWorkspaceId, withMember, withTenant, type Membership, type WorkspaceId } from '../db/tenant';
import type { Actor } from '../auth/actor';
import type { ApiKeyScope } from '../domain/api-key/scopes';
import { appendAudit, type AuditActor } from '../domain/audit/append';
import { recordVisitorDenial } from '../domain/audit/visitor-denials';
import { atLeast, type Role } from '../../shared/roles';
import { AppError } from '../lib/errors';
import { uuidInput } from '../lib/text';
import { logger } from '../lib/logger';
import { rateLimits, type RateLimitKeys } from '../lib/rate-limit';
import type { RequestMeta } from '../lib/request-meta';
import { enteredConversation, type AfterCommit, type Scope } from '../domain/scope';
import type { Context } from './context';
import { t, toTRPCError } from './init';

/** Takes a point from the named budgets; on refusal sets Retry-After and throws TOO_MANY_REQUESTS. */
async function charge(ctx: Context, keys: RateLimitKeys) {
  try {
    await rateLimits().consume(keys);
  } catch (e) {
    if (e instanceof AppError && e.details?.retryAfterSeconds) {
      ctx.setHeader('Retry-After', String(e.details.retryAfterSeconds));
    }
    throw toTRPCError(e);
  }
}

// Every error leaves as a typed TRPCError. Every call, anonymous or not, spends from the caller's IP
// and user budgets here; the workspace budget is spent by the gate once membership is proven, so a
// stranger cannot exhaust another tenant's budget by naming its id.
const base = t.procedure.use(async ({ ctx, next }) => {
  const a = ctx.actor;
  await charge(ctx, {
    ip: ctx.meta.ip,
    userId: !a ? null : a.kind === 'apiKey' ? `key:${a.keyId}` : a.userId,
  });
  const r = await next();
  if (!r.ok) {
    const error = toTRPCError(r.error);
    // A refusal that says when to come back says it in the header too (tRPC and REST alike).
    const retry = error.cause instanceof AppError ? error.cause.details?.retryAfterSeconds : undefined;
    if (retry) ctx.setHeader('Retry-After', String(retry));
    return { ...r, error };
  }
  return r;
});

export const publicProcedure = base;

/** Signed-in people (session cookie or bearer session token); API keys are not people. */
export const authedProcedure = base.use(({ ctx, next }) => {
  if (ctx.actor?.kind !== 'user') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

class Rollback extends Error {
  constructor(public readonly result: unknown) {
    super('rollback');
  }
}

export interface WorkspaceGateOptions {
  /** Lowest role allowed. */
  role: Role;
  /** The API-key scope that admits a key; without it, keys are refused. */
  scope?: ApiKeyScope;
  /** Mutations are refused in archived workspaces unless this is set (unarchiving). */
  allowArchived?: boolean;
  /**
   * Whether widget visitors may call it (as guests of their one workspace). Off by default: a
   * visitor reaches only the chat procedures the widget needs, never listings of the workspace.
   */
  visitor?: boolean;
  /**
   * The input names a `conversationId`: the gate reads its access row in the same round trip as the
   * membership, and readable() uses it instead of a query of its own.
   */
  conversation?: boolean;
}

// Ids are lower-cased here (uuidInput): the scope, RLS settings and AEAD bindings see one spelling.
const gateInput = z.object({ workspaceId: uuidInput() });
const conversationGateInput = gateInput.extend({ conversationId: uuidInput() });

const userIdOf = (actor: Actor): string | null => (actor.kind === 'apiKey' ? null : actor.userId);
const auditActorOf = (actor: Actor): AuditActor =>
  actor.kind === 'apiKey' ? { type: 'apiKey', id: actor.keyId } : { type: 'user', id: actor.userId };

async function auditDenied(workspaceId: WorkspaceId, actor: Actor, path: string, meta: RequestMeta) {
  try {
    // Anyone with a host page is a visitor: their refusals are counted, not each written.
    if (actor.kind === 'visitor') return await recordVisitorDenial(workspaceId, actor.userId, path, meta);
    await withTenant(db(), { workspaceId, userId: userIdOf(actor) }, (tx) =>
      appendAudit(tx, workspaceId, {
        action: 'authz.denied',
        actor: auditActorOf(actor),
        data: { procedure: path },
        meta,
      }),
    );
  } catch (e) {
    // The workspace may not exist (foreign key): nothing to record it in.
    logger.debug({ err: e, requestId: meta.requestId }, 'authorization failure not audited');
  }
}

/**
 * The workspace gate. Reads membership and role from the database on every call, inside the one
 * transaction whose RLS settings scope all of the procedure's queries, then mints the scope.
 * A non-member learns nothing: NOT_FOUND whether or not the workspace exists.
 */
export function workspaceProcedure(opts: WorkspaceGateOptions) {
  const inputSchema = opts.conversation ? conversationGateInput : gateInput;
  return base.input(inputSchema).use(async ({ ctx, input, next, path, type }) => {
    const actor = ctx.actor;
    if (!actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
    const workspaceId = mintWorkspaceId(input.workspaceId);
    const userId = userIdOf(actor);
    const conversationId = opts.conversation
      ? (input as z.infer<typeof conversationGateInput>).conversationId
      : undefined;
    const pending: (() => void | Promise<void>)[] = [];
    let denied: TRPCError | null = null;
    const callNext = (extra: { scope: Scope; tx: Tx; afterCommit: AfterCommit }) =>
      next({ ctx: { ...ctx, actor, ...extra } });
    type Result = Awaited<ReturnType<typeof callNext>>;

    try {
      // A visitor's session belongs to one workspace; every other one does not exist for it.
      if (actor.kind === 'visitor' && actor.workspaceId !== workspaceId)
        throw new AppError('NOT_FOUND', 'Workspace not found');
      const body = async (tx: Tx, member: Membership | null) => {
        let role: Role;
        let archivedAt: Date | null;
        if (actor.kind === 'apiKey') {
          const workspace =
            actor.workspaceId === workspaceId
              ? await tx.workspace.findUnique({ where: { id: workspaceId }, select: { archivedAt: true } })
              : null;
          if (!workspace) throw new AppError('NOT_FOUND', 'Workspace not found');
          if (!opts.scope || !actor.scopes.includes(opts.scope)) {
            denied = new TRPCError({ code: 'FORBIDDEN', message: 'This API key may not do that' });
            throw denied;
          }
          // A key acts with the rights its scope grants, never above admin.
          role = 'admin';
          archivedAt = workspace.archivedAt;
        } else {
          // Membership and the workspace were read with the tenant settings (withMember), on every
          // gated call.
          if (!member) throw new AppError('NOT_FOUND', 'Workspace not found');
          // A visitor acts as a guest whatever its member row says.
          role = actor.kind === 'visitor' ? 'guest' : (member.role as Role);
          archivedAt = member.archived_at;
          if (actor.kind === 'visitor' && !opts.visitor) {
            denied = new TRPCError({ code: 'FORBIDDEN', message: 'The chat widget cannot do that' });
            throw denied;
          }
          if (!atLeast(role, opts.role)) {
            denied = new TRPCError({
              code: 'FORBIDDEN',
              message: `This needs the ${opts.role} role or higher`,
            });
            throw denied;
          }
        }
        await charge(ctx, { workspaceId });
        if (archivedAt && type === 'mutation' && !opts.allowArchived) {
          throw new AppError('FORBIDDEN', 'This workspace is archived');
        }
        const scope: Scope = {
          workspaceId,
          role,
          actor,
          userId,
          auditActor: auditActorOf(actor),
          ...enteredConversation(conversationId, member),
        };
        const afterCommit: AfterCommit = (fn) => pending.push(fn);
        const r = await callNext({ scope, tx, afterCommit });
        if (!r.ok) throw new Rollback(r);
        return r;
      };
      const result =
        actor.kind === 'apiKey'
          ? await withTenant(db(), { workspaceId, userId }, (tx) => body(tx, null))
          : await withMember(db(), { workspaceId, userId: actor.userId, conversationId }, body);
      for (const fn of pending) {
        try {
          await fn();
        } catch (e) {
          logger.error({ err: e, requestId: ctx.meta.requestId }, 'after-commit task failed');
        }
      }
      return result;
    } catch (e) {
      if (e instanceof Rollback) return e.result as Result;
      if (denied) await auditDenied(workspaceId, actor, path, ctx.meta);
      throw toTRPCError(e);
    }
  });
}

export const workspaceAdminProcedure = (opts: Omit<WorkspaceGateOptions, 'role'> = {}) =>
  workspaceProcedure({ ...opts, role: 'admin' });
