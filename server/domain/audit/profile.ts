import type { RequestMeta } from '../../lib/request-meta';
import type { TenantRunner } from '../deps';
import { appendAudit } from './append';

/** The parts of a profile a person changes themselves (better-auth's /update-user). */
export const PROFILE_FIELDS = ['name', 'avatarColour'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number] | 'email';

/**
 * Whether a /verify-email link finishes an email change (its token, already checked by
 * better-auth, carries the new address), not a plain verification of the current one.
 */
export function finishesEmailChange(token: unknown): boolean {
  if (typeof token !== 'string') return false;
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      updateTo?: unknown;
      requestType?: unknown;
    };
    return typeof payload.updateTo === 'string' && payload.requestType !== 'change-email-confirmation';
  } catch {
    return false;
  }
}

/** Which profile fields differ between the stored user before and after an update. */
export function changedProfileFields(
  before: Partial<Record<ProfileField, unknown>>,
  after: Partial<Record<ProfileField, unknown>>,
): ProfileField[] {
  // The address changes only through its own verified flow (finishesEmailChange).
  return PROFILE_FIELDS.filter((f) => (before[f] ?? null) !== (after[f] ?? null));
}

/**
 * A person's profile is shown in every workspace they belong to, so a change (rectification of
 * their own data, GDPR art. 16) is written to the chain of each (`profile.updated`), like a
 * sign-in. The entry names the fields that changed, not the values: the current name is the
 * profile's, and an old one kept here would outlive its correction (and an erasure, which
 * replaces only the name the person has when erased).
 */
export async function recordProfileChange(
  { tenants }: { tenants: TenantRunner },
  input: { userId: string; fields: ProfileField[]; meta: Partial<RequestMeta> },
) {
  if (input.fields.length === 0) return;
  const { userId } = input;
  const memberships = await tenants.person(userId, (tx) =>
    tx.member.findMany({ where: { userId }, select: { workspaceId: true } }),
  );
  for (const m of memberships) {
    await tenants.personIn(m.workspaceId, userId, (tx, ws) =>
      appendAudit(tx, ws, {
        action: 'profile.updated',
        actor: { type: 'user', id: userId },
        target: { type: 'user', id: userId },
        data: { fields: [...input.fields] },
        meta: input.meta,
      }),
    );
  }
}
