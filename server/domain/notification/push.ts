import type { z } from 'zod';
import type { PushSubscription } from '../../db/generated/client';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors';
import type { DeliveryResult, PushSender } from '../../lib/push/sender';
import type { Deps, PushPayload } from '../deps';
import { requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import {
  PUSH_LIMITS,
  pushPayloadSchema,
  type PushDevice,
  type subscribePushInput,
  type unsubscribePushInput,
} from './push-schemas';

// Web push subscriptions: a person's browsers in one workspace (table push_subscription), and
// delivery to them. What a push says is decided before it gets here (push-payload.ts).

// eslint-disable-next-line no-control-regex -- a user agent shown back keeps no control characters
const CONTROL = /[\u0000-\u001f\u007f]/g;

const toDevice = (s: PushSubscription): PushDevice => ({
  id: s.id,
  endpoint: s.endpoint,
  userAgent: s.userAgent,
  createdAt: s.createdAt.toISOString(),
  lastSentAt: s.lastSentAt?.toISOString() ?? null,
  lastError: s.lastError,
});

/** The VAPID public key that the browser subscribes with (`applicationServerKey`). */
export function pushKey(ctx: ServiceCtx) {
  requirePerson(ctx.scope);
  return { publicKey: ctx.deps.push.publicKey() };
}

/**
 * Keeps this browser's subscription for the caller (again: its keys are replaced). A browser has
 * one subscription per site whoever is signed in, so it receives one person's pushes in a
 * workspace: the last who turned them on there; anyone else's row for it goes.
 */
export async function subscribePush(
  { tx, scope, meta }: ServiceCtx,
  input: z.infer<typeof subscribePushInput>,
): Promise<PushDevice> {
  const me = requirePerson(scope);
  const workspaceId = scope.workspaceId;
  const { endpoint, keys } = input;
  const userAgent = meta.userAgent?.replace(CONTROL, '').slice(0, PUSH_LIMITS.userAgentMax) || null;
  await tx.pushSubscription.deleteMany({ where: { workspaceId, endpoint, userId: { not: me } } });
  let row: PushSubscription;
  try {
    row = await tx.pushSubscription.upsert({
      where: { workspaceId_userId_endpoint: { workspaceId, userId: me, endpoint } },
      create: { workspaceId, userId: me, endpoint, p256dh: keys.p256dh, auth: keys.auth, userAgent },
      update: { p256dh: keys.p256dh, auth: keys.auth, userAgent, lastError: null },
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('CONFLICT', 'This browser was being subscribed at the same time; try again');
    throw e;
  }
  const older = await tx.pushSubscription.findMany({
    where: { workspaceId, userId: me },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    skip: PUSH_LIMITS.devicesMax,
    select: { id: true },
  });
  if (older.length > 0)
    await tx.pushSubscription.deleteMany({ where: { workspaceId, id: { in: older.map((o) => o.id) } } });
  return toDevice(row);
}

/** Removes one of the caller's subscriptions; someone else's is not found, like a missing one. */
export async function unsubscribePush(
  { tx, scope }: ServiceCtx,
  input: z.infer<typeof unsubscribePushInput>,
): Promise<{ removed: number }> {
  const me = requirePerson(scope);
  const which =
    input.subscriptionId !== undefined ? { id: input.subscriptionId } : { endpoint: input.endpoint };
  const r = await tx.pushSubscription.deleteMany({
    where: { workspaceId: scope.workspaceId, userId: me, ...which },
  });
  if (r.count === 0) throw notFound('Push subscription');
  return { removed: r.count };
}

/** The caller's browsers that receive pushes in this workspace, newest first. */
export async function pushDevices({ tx, scope }: ServiceCtx): Promise<PushDevice[]> {
  const me = requirePerson(scope);
  const rows = await tx.pushSubscription.findMany({
    where: { workspaceId: scope.workspaceId, userId: me },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map(toDevice);
}

/**
 * Sends one payload to every subscription of a person in a workspace, all at once, outside any
 * transaction (push services answer in their own time). Then, in one transaction: subscriptions
 * the service called gone (404/410) are removed, delivered ones stamped, failed ones keep why.
 */
export async function deliverPush(
  deps: Pick<Deps, 'tenants'>,
  sender: PushSender,
  workspaceId: string,
  userId: string,
  payload: PushPayload,
): Promise<{ sent: number; removed: number }> {
  const parsed = pushPayloadSchema.safeParse(payload);
  if (!parsed.success) throw new AppError('VALIDATION', 'This push payload is too long or malformed');
  const body = JSON.stringify(parsed.data);
  const targets = await deps.tenants.system(workspaceId, (tx, ws) =>
    tx.pushSubscription.findMany({
      where: { workspaceId: ws, userId },
      select: { id: true, endpoint: true, p256dh: true, auth: true },
    }),
  );
  if (targets.length === 0) return { sent: 0, removed: 0 };
  const results = await Promise.all(
    targets.map(async (t) => ({ id: t.id, r: await sender.deliver(t, body, { tag: parsed.data.tag }) })),
  );
  const ids = (outcome: DeliveryResult['outcome']) =>
    results.filter((x) => x.r.outcome === outcome).map((x) => x.id);
  const [sent, gone] = [ids('sent'), ids('gone')];
  await deps.tenants.system(workspaceId, async (tx, ws) => {
    if (gone.length > 0)
      await tx.pushSubscription.deleteMany({ where: { workspaceId: ws, id: { in: gone } } });
    if (sent.length > 0)
      await tx.pushSubscription.updateMany({
        where: { workspaceId: ws, id: { in: sent } },
        data: { lastSentAt: new Date(), lastError: null },
      });
    for (const { id, r } of results)
      if (r.outcome === 'failed')
        await tx.pushSubscription.updateMany({
          where: { workspaceId: ws, id },
          data: { lastError: r.error },
        });
  });
  return { sent: sent.length, removed: gone.length };
}
