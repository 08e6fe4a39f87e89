import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { EMAIL_CATEGORIES, type EmailCategory } from '../../../shared/notification-prefs';
import { appSecrets } from '../../lib/app-secrets';
import { logger } from '../../lib/logger';
import type { Deps } from '../deps';
import { readPrefs } from './prefs';

// One-click unsubscribe (RFC 8058): every notification email names a link with a token signed for
// one person, workspace and category. It works without signing in, never expires (an old email's
// link must still stop the emails) and can do nothing but turn that one category off.

const claims = z.object({ w: z.uuid(), u: z.string().min(1).max(200), c: z.enum(EMAIL_CATEGORIES) });
export type UnsubscribeClaims = { workspaceId: string; userId: string; category: EmailCategory };

let key: Buffer | undefined;
const signingKey = () =>
  (key ??= Buffer.from(hkdfSync('sha256', appSecrets().authSecret, 'enclave', 'unsubscribe v1', 32)));
const mac = (payload: string) => createHmac('sha256', signingKey()).update(payload).digest();

export function unsubscribeToken(c: UnsubscribeClaims): string {
  const payload = Buffer.from(JSON.stringify({ w: c.workspaceId, u: c.userId, c: c.category })).toString(
    'base64url',
  );
  return `${payload}.${mac(payload).toString('base64url')}`;
}

/** The claims of a token this deployment signed, or null for anything else. */
export function readUnsubscribeToken(token: string): UnsubscribeClaims | null {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined || token.length > 1000) return null;
  const given = Buffer.from(sig, 'base64url');
  const want = mac(payload);
  if (given.length !== want.length || !timingSafeEqual(given, want)) return null;
  try {
    const parsed = claims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success
      ? { workspaceId: parsed.data.w, userId: parsed.data.u, category: parsed.data.c }
      : null;
  } catch {
    return null;
  }
}

/**
 * Turns the token's category off for its person. True when the token is good, whether or not the
 * category was on (a second click is no error); someone no longer in the workspace gets no emails
 * from it anyway.
 */
export async function applyUnsubscribe(
  deps: Pick<Deps, 'tenants'>,
  token: string,
): Promise<UnsubscribeClaims | null> {
  const c = readUnsubscribeToken(token);
  if (!c) return null;
  await deps.tenants.system(c.workspaceId, async (tx, ws) => {
    const member = await tx.member.findUnique({
      where: { workspaceId_userId: { workspaceId: ws, userId: c.userId } },
    });
    if (!member) return;
    const { prefs } = await readPrefs(tx, ws, c.userId);
    const emailOff = [...new Set([...prefs.emailOff, c.category])];
    await tx.notificationPref.upsert({
      where: { workspaceId_userId: { workspaceId: ws, userId: c.userId } },
      create: { workspaceId: ws, userId: c.userId, emailOff },
      update: { emailOff, updatedAt: new Date() },
    });
  });
  logger.info({ workspaceId: c.workspaceId, category: c.category }, 'notification emails unsubscribed');
  return c;
}
