import { type z } from 'zod';
import type { RateTier } from '../../shared/policy';
import { AppError, asAppError, zodFieldErrors } from '../lib/errors';
import { logger } from '../lib/logger';
import type { Runtime } from '../runtime';
import { rooms } from './rooms';
import type { Ack, AckData, AppSocket, ClientEventName, SocketData } from './types';

/** The events a connection's server is handling now; a draining server takes no new ones. */
export interface InFlight {
  readonly draining: boolean;
  add(work: Promise<unknown>): void;
}

export interface EventDef<E extends ClientEventName, S extends z.ZodType> {
  schema: S;
  /** The workspace an event acts in, for the per-workspace rate limit (counted only if joined). */
  workspaceOf?: (input: z.output<S>) => string | undefined;
  handler: (
    ctx: { socket: AppSocket; actor: SocketData['actor'] },
    input: z.output<S>,
  ) => Promise<AckData<E>>;
}

/** Any error as an ack (a database outage as UNAVAILABLE with retryAfterSeconds); internals stay in the log. */
export function toAck(err: unknown, event: string, socket: AppSocket): Ack<never> {
  const app = asAppError(err);
  if (app) {
    return {
      ok: false,
      error: {
        code: app.code,
        message: app.message,
        ...(app.details?.fieldErrors ? { fieldErrors: app.details.fieldErrors } : {}),
        ...(app.details?.retryAfterSeconds ? { retryAfterSeconds: app.details.retryAfterSeconds } : {}),
      },
    };
  }
  logger.error({ err, event, socketId: socket.id, userId: socket.data.actor.userId }, 'socket event failed');
  return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
}

/** Socket.IO passes the ack as the last argument, if the client asked for one. */
function split(args: unknown[]): { payload: unknown; ack: ((res: unknown) => void) | undefined } {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as (res: unknown) => void) : undefined;
  return { payload: args[0] === ack ? undefined : args[0], ack };
}

/**
 * Rate limits every event by IP and user (at the person's tier), and by workspace (at its tier) only
 * for one the socket has joined; any other event spends the deployment's global budget.
 */
async function consume(rt: Runtime, socket: AppSocket, workspaceId: string | undefined) {
  const { actor } = socket.data;
  const joined =
    workspaceId !== undefined &&
    (socket.rooms.has(rooms.workspace(workspaceId)) ||
      (actor.kind === 'visitor' && actor.workspaceId === workspaceId));
  await rt.rateLimits.consume({
    ip: socket.data.ip,
    userId: actor.userId,
    person: actor.kind === 'visitor' ? { visitor: true } : { visitor: false, createdAt: actor.createdAt },
    ...(joined ? { workspaceId, tier: await tierOf(rt, workspaceId) } : { global: true }),
  });
}

/** A joined workspace's rate-limit tier, from the settings cache (read in a transaction when cold). */
async function tierOf(rt: Runtime, workspaceId: string): Promise<RateTier> {
  const settings =
    rt.settings.cached(workspaceId) ??
    (await rt.tenants.system(workspaceId, (tx) => rt.settings.read(tx, workspaceId)));
  return settings.security.limits.tier;
}

/**
 * Registers a client event: rate limit, zod validation, the handler, and an ack with the result or
 * an AppError code. Never throws: a bad payload or a failing handler cannot take the socket down.
 */
export function handle<E extends ClientEventName, S extends z.ZodType>(
  rt: Runtime,
  socket: AppSocket,
  inFlight: InFlight,
  event: E,
  def: EventDef<E, S>,
) {
  const listener = (...args: unknown[]) => {
    const { payload, ack } = split(args);
    // This node is going away: what it has not started on goes to another one (the client sends
    // it again once it has reconnected, as after any refusal for a while).
    if (inFlight.draining)
      return ack?.({
        ok: false,
        error: { code: 'UNAVAILABLE', message: 'This server is restarting', retryAfterSeconds: 1 },
      });
    const work = (async (): Promise<Ack<AckData<E>>> => {
      try {
        const parsed = def.schema.safeParse(payload);
        await consume(rt, socket, parsed.success ? def.workspaceOf?.(parsed.data) : undefined);
        if (!parsed.success) {
          throw new AppError('VALIDATION', 'Invalid input', {
            fieldErrors: zodFieldErrors(parsed.error),
          });
        }
        const data = await def.handler({ socket, actor: socket.data.actor }, parsed.data);
        return { ok: true, data };
      } catch (err) {
        return toAck(err, event, socket);
      }
    })().then((res) => ack?.(res));
    inFlight.add(work);
  };
  // The typed map describes what clients send; at runtime every argument is untrusted.
  socket.on(event, listener as never);
}

/** An event this server does not know still costs a point, and gets an answer if it asked for one. */
export function handleUnknown(rt: Runtime, socket: AppSocket) {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && socket.listeners(event as ClientEventName).length > 0) return;
    const { ack } = split(args);
    void consume(rt, socket, undefined)
      .then(() => {
        throw new AppError('NOT_FOUND', 'Unknown event');
      })
      .catch((err: unknown) => ack?.(toAck(err, 'unknown', socket)));
  });
}
