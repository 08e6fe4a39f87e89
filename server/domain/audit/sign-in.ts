import type { RequestMeta } from '../../lib/request-meta';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import type { TenantRunner } from '../deps';
import type { DomainEvent, EventSink } from '../events';
import { logger } from '../../lib/logger';
import { appendAudit } from './append';
import { adminIdsOf } from '../member/admins';

/**
 * Sign-in is not tied to one workspace, so a success or failure for a known account is written to
 * the chain of every workspace the account belongs to (its admins see it there). Failures for
 * unknown addresses are logged (without the address) and rate-limited, not audited.
 */
export async function recordSignIn(
  { tenants, events }: { tenants: TenantRunner; events: EventSink },
  input: {
    ok: boolean;
    email: string;
    userId: string | null;
    meta: RequestMeta;
  },
) {
  let userId = input.userId;
  if (!userId && input.email) {
    const user = await tenants.global.user.findUnique({
      where: { email: input.email.toLowerCase() },
      select: { id: true },
    });
    userId = user?.id ?? null;
  }
  if (!userId) {
    logger.info(
      { requestId: input.meta.requestId, ip: input.meta.ip },
      'sign-in failed for an unknown account',
    );
    return;
  }
  const uid = userId;
  const memberships = await tenants.person(uid, (tx) =>
    tx.member.findMany({ where: { userId: uid }, select: { workspaceId: true } }),
  );
  for (const m of memberships) {
    const alert = await tenants.personIn(m.workspaceId, uid, async (tx, ws) => {
      await appendAudit(tx, ws, {
        action: input.ok ? 'auth.sign_in' : 'auth.sign_in_failed',
        actor: { type: 'user', id: uid },
        target: { type: 'user', id: uid },
        meta: input.meta,
      });
      return input.ok ? null : repeatedFailures(tx, ws, uid);
    });
    if (alert) await events.publish(alert);
  }
}

/** Failed sign-ins to one account within this window, this many times, alert its workspaces' admins. */
export const FAILED_SIGN_IN_ALERT = { count: 5, minutes: 15 };

/**
 * The alert for this failure if it is the one that makes FAILED_SIGN_IN_ALERT.count within the
 * window (once per burst: the one before it must be outside the window, or not there).
 */
async function repeatedFailures(tx: Tx, ws: WorkspaceId, userId: string): Promise<DomainEvent | null> {
  const { count, minutes } = FAILED_SIGN_IN_ALERT;
  const recent = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) FILTER (WHERE created_at > now() - make_interval(mins => ${minutes}::int)) AS n
    FROM (
      SELECT created_at FROM audit_event
      WHERE workspace_id = ${ws}::uuid AND actor_id = ${userId} AND action = 'auth.sign_in_failed'
      ORDER BY seq DESC LIMIT ${count + 1}::int
    ) last`;
  if (Number(recent[0]?.n ?? 0) !== count) return null;
  const [who, admins] = await Promise.all([
    tx.member.findUnique({
      where: { workspaceId_userId: { workspaceId: ws, userId } },
      select: { user: { select: { name: true } } },
    }),
    adminIdsOf(tx, ws),
  ]);
  return {
    type: 'security:alert',
    workspaceId: ws,
    kind: 'sign_in',
    message: `${count} failed sign-ins to ${who?.user.name ?? 'a member'}'s account within ${minutes} minutes.`,
    admins,
  };
}
