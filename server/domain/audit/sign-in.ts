import type { RequestMeta } from '../../lib/request-meta';
import type { TenantRunner } from '../deps';
import { logger } from '../../lib/logger';
import { appendAudit } from './append';

/**
 * Sign-in is not tied to one workspace, so a success or failure for a known account is written to
 * the chain of every workspace the account belongs to (its admins see it there). Failures for
 * unknown addresses are logged (without the address) and rate-limited, not audited.
 */
export async function recordSignIn(
  tenants: TenantRunner,
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
    await tenants.personIn(m.workspaceId, uid, (tx, ws) =>
      appendAudit(tx, ws, {
        action: input.ok ? 'auth.sign_in' : 'auth.sign_in_failed',
        actor: { type: 'user', id: uid },
        target: { type: 'user', id: uid },
        meta: input.meta,
      }),
    );
  }
}
