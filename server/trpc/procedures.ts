import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { ApiKeyScope } from '../domain/api-key/scopes';
import type { Role } from '../../shared/roles';
import type { ServiceCtx } from '../domain/scope';
import { enterWorkspace } from '../gate/enter';
import { AppError } from '../lib/errors';
import type { RateLimitKeys } from '../lib/rate-limit';
import { uuidInput } from '../lib/text';
import type { Context } from './context';
import { t, toTRPCError } from './init';

/** Takes a point from the named budgets; on refusal sets Retry-After and throws TOO_MANY_REQUESTS. */
async function charge(ctx: Context, keys: RateLimitKeys) {
  try {
    await ctx.rt.rateLimits.consume(keys);
  } catch (e) {
    if (e instanceof AppError && e.details?.retryAfterSeconds) {
      ctx.setHeader('Retry-After', String(e.details.retryAfterSeconds));
    }
    throw toTRPCError(e);
  }
}

/** Whose user budget a call spends, and at which tier (server/lib/rate-limit.ts). */
function callerKeys(ctx: Context): RateLimitKeys {
  const a = ctx.actor;
  if (!a) return { ip: ctx.meta.ip };
  if (a.kind === 'apiKey') return { ip: ctx.meta.ip, userId: `key:${a.keyId}` };
  return {
    ip: ctx.meta.ip,
    userId: a.userId,
    person: a.kind === 'visitor' ? { visitor: true } : { visitor: false, createdAt: a.createdAt },
  };
}

// Every error leaves as a typed TRPCError. Every call, anonymous or not, spends from the caller's IP
// and user budgets here. A call in a workspace then spends that workspace's budget, once the gate has
// proven membership (so a stranger cannot exhaust another tenant's budget by naming its id); every
// other call spends the deployment's global budget.
const charged = (global: boolean) =>
  t.procedure.use(async ({ ctx, next }) => {
    await charge(ctx, { ...callerKeys(ctx), global });
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
const base = charged(true);

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
  /** How the procedure meets a lockdown, when not as its type says (server/gate/enter.ts). */
  lockdown?: 'read' | 'open' | 'send';
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
export const gateInput = z.object({ workspaceId: uuidInput() });
export const conversationGateInput = gateInput.extend({ conversationId: uuidInput() });

/**
 * A procedure behind the workspace gate (server/gate/enter.ts, shared with the sockets): the
 * procedure runs in the gate's one tenant transaction, with the scope it minted; a failed result
 * rolls the transaction back. The workspace's budget is spent once membership is proven.
 */
export function workspaceProcedure(opts: WorkspaceGateOptions) {
  const inputSchema = opts.conversation ? conversationGateInput : gateInput;
  return charged(false)
    .input(inputSchema)
    .use(async ({ ctx, input, next, path, type }) => {
      const actor = ctx.actor;
      if (!actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
      const conversationId = opts.conversation
        ? (input as z.infer<typeof conversationGateInput>).conversationId
        : undefined;
      const callNext = (service: ServiceCtx) => next({ ctx: { ...ctx, actor, ...service } });
      type Result = Awaited<ReturnType<typeof callNext>>;
      try {
        return await enterWorkspace(
          ctx.rt,
          { actor, workspaceId: input.workspaceId, meta: ctx.meta },
          {
            role: opts.role,
            keyScope: opts.scope,
            visitor: opts.visitor ?? false,
            write: type === 'mutation',
            allowArchived: opts.allowArchived,
            lockdown: opts.lockdown,
            conversationId,
            admitted: (tier) => charge(ctx, { workspaceId: input.workspaceId, tier }),
            audit: path,
          },
          async (service) => {
            const r = await callNext(service);
            if (!r.ok) throw new Rollback(r);
            return r;
          },
        );
      } catch (e) {
        if (e instanceof Rollback) return e.result as Result;
        throw toTRPCError(e);
      }
    });
}
