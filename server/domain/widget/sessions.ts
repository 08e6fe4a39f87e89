import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors';
import { lockdownOf, utcMinute } from '../lockdown/read';
import { visitorPause } from '../../../shared/lockdown';
import type { RequestMeta } from '../../lib/request-meta';
import { hashToken, newScopedToken, parseScopedToken } from '../../lib/scoped-token';
import { iso } from '../../lib/time';
import type { VisitorIdentity } from '../actor';
import { appendAudit } from '../audit/append';
import type { Deps, TenantRunner } from '../deps';
import type { subjectRef } from '../channel/schemas';
import { parseSettings, type WidgetSettings } from '../workspace/settings';
import { nameVerdict } from '../policy/profile';
import type { SecurityPolicy } from '../policy/schemas';
import type { widgetSessionInput, widgetSessionOutput } from './schemas';
import { admitAnonymous, useTokenOnce } from './guards';
import { readSecret } from './secret';
import { verifyIdentity, type IdentityClaims } from './token';

type Subject = z.infer<typeof subjectRef>;

/**
 * How long a widget session lasts; the host signs a fresh identity on its next page load (each
 * identity token is exchanged once).
 */
export const WIDGET_SESSION_HOURS = 24;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A slug (or id) from a script tag to a workspace id, before any scope exists; null if unknown. */
export async function workspaceByHandle(tenants: TenantRunner, handle: string): Promise<string | null> {
  if (UUID.test(handle)) return handle.toLowerCase();
  const [row] = await tenants.global.$queryRaw<{ id: string | null }[]>`
    SELECT workspace_id_by_slug(${handle.toLowerCase()})::text AS id`;
  return row?.id ?? null;
}

/** The workspace's widget settings and name, or null if it has no enabled widget. */
export async function enabledWidget(
  tx: Tx,
  workspaceId: WorkspaceId,
): Promise<{ name: string; widget: WidgetSettings; policy: SecurityPolicy } | null> {
  const w = await tx.workspace.findUnique({
    where: { id: workspaceId },
    select: { name: true, settings: true, archivedAt: true },
  });
  if (!w || w.archivedAt) return null;
  const { widget, security } = parseSettings(w.settings);
  return widget.enabled ? { name: w.name, widget, policy: security } : null;
}

/**
 * A workspace named by slug or id, before any scope exists, with its widget if that is on; null if
 * no workspace has that name.
 */
export async function widgetByHandle(
  tenants: TenantRunner,
  handle: string,
): Promise<{ workspaceId: WorkspaceId; enabled: { name: string; widget: WidgetSettings } | null } | null> {
  const id = await workspaceByHandle(tenants, handle);
  if (!id) return null;
  return tenants.system(id, async (tx, workspaceId) => ({
    workspaceId,
    enabled: await enabledWidget(tx, workspaceId),
  }));
}

const noWidget = () => notFound('Chat widget');

/**
 * The request must come from the widget frame (this app's own origin) or from an allowed host;
 * the host the frame reports must be allowed. A browser cannot forge Origin, and frame-ancestors
 * keeps other sites from framing the widget in the first place. Only a host's server, which
 * signs identities, calls without an Origin: anonymous sessions need one, so a script cannot
 * mint visitors in bulk without a browser.
 */
function checkOrigins(
  widget: WidgetSettings,
  input: { hostOrigin: string; token: string | null },
  requestOrigin: string | null,
  own: string[],
) {
  const allowed = new Set(widget.allowedOrigins);
  if (requestOrigin === null && input.token === null)
    throw new AppError(
      'FORBIDDEN',
      'Anonymous chat sessions start only from the widget frame or an allowed host page (the request has no Origin)',
    );
  if (requestOrigin !== null && !own.includes(requestOrigin) && !allowed.has(requestOrigin))
    throw new AppError('FORBIDDEN', `Requests from ${requestOrigin} may not start widget sessions`);
  if (!allowed.has(input.hostOrigin))
    throw new AppError('FORBIDDEN', `${input.hostOrigin} is not allowed to embed this workspace's widget`);
}

interface Visitor {
  userId: string;
  name: string;
  anonymous: boolean;
}

/**
 * The visitor of a host identity (or a new anonymous one). The host's name for them passes the
 * workspace's policy like any display name: one it would refuse or mask is not stored, and the
 * visitor goes by the anonymous kind of name instead (the chat still works; the hit is recorded).
 */
export async function upsertVisitor(
  tx: Tx,
  workspaceId: WorkspaceId,
  signed: IdentityClaims | null,
  meta: RequestMeta,
  policy: SecurityPolicy,
): Promise<Visitor> {
  const externalId = signed ? `u:${signed.sub}` : `a:${randomUUID()}`;
  const existing = await tx.widgetVisitor.findUnique({
    where: { workspaceId_externalId: { workspaceId, externalId } },
  });
  const ownId = existing?.userId ?? randomUUID();
  const claims = signed && { ...signed, name: await hostName(tx, workspaceId, policy, ownId, signed.name) };
  if (existing) {
    const user = await tx.user.findUniqueOrThrow({ where: { id: existing.userId }, select: { name: true } });
    // A token without an email keeps the address the visitor left in the away form.
    const email = claims?.email ?? existing.email;
    if (claims && (claims.name !== user.name || email !== existing.email)) {
      await tx.user.update({ where: { id: existing.userId }, data: { name: claims.name } });
      await tx.widgetVisitor.update({
        where: { workspaceId_userId: { workspaceId, userId: existing.userId } },
        data: { email },
      });
    }
    return { userId: existing.userId, name: claims?.name ?? user.name, anonymous: !claims };
  }
  const userId = ownId;
  const name = claims?.name ?? anonymousName(userId);
  // A user row of its own (messages and memberships point at users), with an address nobody can
  // receive mail at and no credentials: it can never sign in, only hold widget sessions.
  await tx.user.create({ data: { id: userId, name, email: `${userId}@visitor.enclave.invalid` } });
  await tx.member.create({ data: { workspaceId, userId, role: 'guest' } });
  await tx.widgetVisitor.create({
    data: { workspaceId, userId, externalId, email: claims?.email ?? null },
  });
  await appendAudit(tx, workspaceId, {
    action: 'widget.visitor_created',
    actor: { type: 'anonymous', id: null },
    target: { type: 'user', id: userId },
    data: { anonymous: !claims },
    meta,
  });
  return { userId, name, anonymous: !claims };
}

const anonymousName = (userId: string) => `Visitor ${userId.slice(0, 4).toUpperCase()}`;

/** The host's name for a visitor, or their anonymous name where the policy refuses or masks it. */
async function hostName(
  tx: Tx,
  workspaceId: WorkspaceId,
  policy: SecurityPolicy,
  userId: string,
  name: string,
) {
  const { allowed, hits } = nameVerdict(policy, name, userId);
  if (hits.length > 0)
    await tx.policyHit.createMany({ data: hits.map((h) => ({ workspaceId, messageId: null, ...h })) });
  return allowed ? name : anonymousName(userId);
}

/**
 * Exchanges a host-signed identity (or, where the workspace allows it, nothing) for a widget
 * session scoped to that one workspace.
 */
export async function startSession(
  deps: Pick<Deps, 'tenants' | 'keys' | 'restrictions'>,
  input: z.infer<typeof widgetSessionInput>,
  caller: { origin: string | null; ownOrigins: string[]; meta: RequestMeta },
): Promise<z.infer<typeof widgetSessionOutput>> {
  const id = await workspaceByHandle(deps.tenants, input.workspace);
  if (!id) throw noWidget();
  const run = () =>
    deps.tenants.system(id, async (tx, workspaceId) => {
      const found = await enabledWidget(tx, workspaceId);
      if (!found) throw noWidget();
      checkOrigins(found.widget, input, caller.origin, caller.ownOrigins);
      // Any lockdown pauses new widget sessions (the reason is the team's, not the visitor's).
      const lock = await lockdownOf(deps, tx, workspaceId);
      if (lock) throw new AppError('LOCKED', visitorPause(utcMinute(lock.endsAt)));
      let claims: IdentityClaims | null = null;
      if (input.token !== null) {
        const secret = await readSecret(deps.keys, tx, workspaceId);
        if (!secret) throw new AppError('UNAUTHORIZED', 'This workspace has no widget identity secret yet');
        claims = verifyIdentity(secret, input.token, Math.floor(Date.now() / 1000));
        await useTokenOnce(tx, workspaceId, input.token, claims.exp);
      } else if (!found.widget.anonymous) {
        throw new AppError(
          'UNAUTHORIZED',
          'Sign in on the host site first: this workspace has no anonymous chat',
        );
      } else await admitAnonymous(tx, workspaceId, found.widget.anonymousPerHour);
      const visitor = await upsertVisitor(tx, workspaceId, claims, caller.meta, found.policy);
      const { token, hash } = newScopedToken('ev', workspaceId);
      const expiresAt = new Date(Date.now() + WIDGET_SESSION_HOURS * 3600_000);
      await tx.widgetSession.deleteMany({
        where: { workspaceId, userId: visitor.userId, expiresAt: { lt: new Date() } },
      });
      await tx.widgetSession.create({
        data: {
          workspaceId,
          userId: visitor.userId,
          tokenHash: hash,
          subjects: claims?.subjects ?? [],
          hostOrigin: input.hostOrigin,
          expiresAt,
        },
      });
      return { token, expiresAt: iso(expiresAt), workspaceId, visitor };
    });
  try {
    return await run();
  } catch (e) {
    // Two first visits of the same person at once: the loser finds the winner's visitor.
    if (isUniqueViolation(e)) return run();
    throw e;
  }
}

/** A presented `ev_…` token to the visitor behind it, or null if unknown or expired. */
export async function resolveVisitorToken(
  tenants: TenantRunner,
  token: string,
): Promise<VisitorIdentity | null> {
  const parsed = parseScopedToken('ev', token);
  if (!parsed) return null;
  return tenants.system(parsed.workspaceId, async (tx, workspaceId) => {
    const [row] = await tx.$queryRaw<{ id: string; user_id: string; subjects: Subject[]; name: string }[]>`
      SELECT s.id, s.user_id, s.subjects, u.name FROM widget_session s JOIN "user" u ON u.id = s.user_id
      WHERE s.workspace_id = ${workspaceId}::uuid AND s.token_hash = ${hashToken(token)}
        AND s.expires_at > now()`;
    if (!row) return null;
    return { userId: row.user_id, sessionId: row.id, workspaceId, name: row.name, subjects: row.subjects };
  });
}
