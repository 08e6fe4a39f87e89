import type { z } from 'zod';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { env } from '../../env';
import { AppError, forbidden, notFound } from '../../lib/errors';
import type { RequestMeta } from '../../lib/request-meta';
import { iso, isoOrNull } from '../../lib/time';
import type { Deps } from '../deps';
import { hashToken, newScopedToken, parseScopedToken } from '../../lib/scoped-token';
import { appendAudit, audit } from '../audit/append';
import { restrictionsOf } from '../lockdown/read';
import { joinDefaultChannel } from '../channel/service';
import { joiningNameRefusal } from '../policy/profile';
import type { ServiceCtx } from '../scope';
import { atLeast, canInviteAs, canManageMember } from '../../../shared/roles';
import type {
  acceptInput,
  changeRoleInput,
  inviteInput,
  listMembersInput,
  removeInput,
  revokeInvitationInput,
} from './schemas';

/** Serialises membership changes per workspace so two demotions cannot both pass the last-owner check. */
const lockMembers = (tx: Tx, workspaceId: WorkspaceId) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'members:' + workspaceId}, 0))`;

/** The member `userId`, read after taking the workspace's membership lock; NOT_FOUND if absent. */
async function lockedMember(tx: Tx, workspaceId: WorkspaceId, userId: string) {
  await lockMembers(tx, workspaceId);
  const m = await tx.member.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
  if (!m) throw notFound('Member');
  return m;
}

async function ownerCount(tx: Tx, workspaceId: WorkspaceId) {
  return tx.member.count({ where: { workspaceId, role: 'owner' } });
}

export async function listMembers({ tx, scope, deps }: ServiceCtx, input: z.infer<typeof listMembersInput>) {
  const [all, visitors] = await Promise.all([
    tx.member.findMany({
      where: { workspaceId: scope.workspaceId },
      include: { user: { select: { name: true, email: true, avatarColour: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    tx.widgetVisitor.findMany({
      where: { workspaceId: scope.workspaceId },
      select: { userId: true, email: true },
    }),
  ]);
  const visitorEmail = new Map(visitors.map((v) => [v.userId, v.email]));
  // Dropped before the presence lookup: visitors can far outnumber the team.
  const rows = input.includeVisitors ? all : all.filter((m) => !visitorEmail.has(m.userId));
  // Guests see who is there, not how to reach them.
  const showEmail = atLeast(scope.role, 'member');
  const [found, restrictions] = await Promise.all([
    deps.presence.of(rows.map((m) => m.userId)),
    restrictionsOf(deps, tx, scope.workspaceId),
  ]);
  // A member in quarantine shows as offline here; only admins learn why.
  const quarantined = new Map(restrictions.quarantines.map((q) => [q.userId, q.endsAt]));
  const presence = new Map([...found].filter(([userId]) => !quarantined.has(userId)));
  const admin = atLeast(scope.role, 'admin');
  return rows.map((m) => ({
    userId: m.userId,
    name: m.user.name,
    avatarColour: m.user.avatarColour,
    // A widget visitor's address is the one its host vouched for, not its placeholder account's.
    email: !showEmail
      ? null
      : visitorEmail.has(m.userId)
        ? (visitorEmail.get(m.userId) ?? null)
        : m.user.email,
    role: m.role,
    visitor: visitorEmail.has(m.userId),
    joinedAt: iso(m.createdAt),
    online: (presence.get(m.userId)?.status ?? 'offline') !== 'offline',
    status: presence.get(m.userId)?.status ?? 'offline',
    statusText: presence.get(m.userId)?.text ?? null,
    lastSeenAt: isoOrNull(m.lastSeenAt),
    quarantinedUntil: admin ? isoOrNull(quarantined.get(m.userId) ?? null) : null,
  }));
}

export async function listInvitations({ tx, scope }: ServiceCtx) {
  const rows = await tx.invitation.findMany({
    where: {
      workspaceId: scope.workspaceId,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: new Date() },
    },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((r) => ({ ...r, expiresAt: iso(r.expiresAt), createdAt: iso(r.createdAt) }));
}

export async function invite(ctx: ServiceCtx, input: z.infer<typeof inviteInput>) {
  const { tx, scope, meta } = ctx;
  if (!canInviteAs(scope.role, input.role)) throw forbidden(`You cannot invite someone as ${input.role}`);
  const { token, hash } = newScopedToken('inv', scope.workspaceId);
  const expiresAt = new Date(Date.now() + env().INVITATION_TTL_HOURS * 3600_000);
  const createdBy = scope.userId ?? (await firstOwner(tx, scope.workspaceId));
  const inv = await tx.invitation.create({
    data: {
      workspaceId: scope.workspaceId,
      email: input.email?.toLowerCase() ?? null,
      role: input.role,
      tokenHash: hash,
      invitedBy: createdBy,
      expiresAt,
    },
  });
  await audit(
    { tx, scope, meta },
    'member.invite',
    { type: 'invitation', id: inv.id },
    { role: input.role, email: inv.email },
  );
  const url = `${env().APP_URL}/invite/${token}`;
  if (inv.email) {
    const ws = await tx.workspace.findUniqueOrThrow({
      where: { id: scope.workspaceId },
      select: { name: true },
    });
    // Sent once the invitation exists: a rolled-back invitation must not have mailed a link.
    const mail = {
      to: inv.email,
      subject: `You are invited to ${ws.name} on Enclave`,
      text: `You have been invited to join ${ws.name} as ${input.role}.\n\nAccept here: ${url}\n\nThe link works once and expires ${expiresAt.toUTCString()}.`,
    };
    ctx.afterCommit(() => ctx.deps.mail.send(mail));
  }
  return {
    id: inv.id,
    email: inv.email,
    role: inv.role,
    expiresAt: iso(expiresAt),
    createdAt: iso(inv.createdAt),
    token,
    url,
  };
}

async function firstOwner(tx: Tx, workspaceId: WorkspaceId) {
  const o = await tx.member.findFirst({
    where: { workspaceId, role: 'owner' },
    orderBy: { createdAt: 'asc' },
  });
  if (!o) throw new AppError('CONFLICT', 'Workspace has no owner');
  return o.userId;
}

export async function revokeInvitation(
  { tx, scope, meta }: ServiceCtx,
  input: z.infer<typeof revokeInvitationInput>,
) {
  const r = await tx.invitation.updateMany({
    where: { id: input.invitationId, workspaceId: scope.workspaceId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (r.count === 0) throw notFound('Invitation');
  await audit({ tx, scope, meta }, 'member.invitation_revoke', {
    type: 'invitation',
    id: input.invitationId,
  });
  return { ok: true as const };
}

/**
 * Accepts an invitation link. The token names its workspace, which scopes the lookup; the link
 * works once (the accepting UPDATE is conditional), only before it expires, and only for the
 * address it was sent to when it names one.
 */
export async function acceptInvitation(
  deps: Pick<Deps, 'tenants' | 'events'>,
  user: { userId: string; email: string },
  input: z.infer<typeof acceptInput>,
  meta: RequestMeta,
) {
  const parsed = parseScopedToken('inv', input.token);
  if (!parsed) throw notFound('Invitation');
  const result = await deps.tenants.personIn(parsed.workspaceId, user.userId, async (tx, workspaceId) => {
    const inv = await tx.invitation.findFirst({ where: { workspaceId, tokenHash: hashToken(input.token) } });
    if (!inv || inv.revokedAt) throw notFound('Invitation');
    if (inv.acceptedAt) throw new AppError('GONE', 'This invitation has already been used');
    if (inv.expiresAt <= new Date()) throw new AppError('GONE', 'This invitation has expired');
    if (inv.email) {
      // Read now, not from the caller's (cached) session: verification may have just happened.
      const account = await tx.user.findUnique({
        where: { id: user.userId },
        select: { email: true, emailVerified: true },
      });
      const email = account?.email.toLowerCase() ?? user.email.toLowerCase();
      if (inv.email !== email) throw forbidden('This invitation was sent to another email address');
      // Anyone can sign up with any address: only a verified one proves the invitee holds it.
      if (!account?.emailVerified)
        throw forbidden(`Verify your email address first; we sent a link to ${email}`);
    }
    const ws = await tx.workspace.findUnique({ where: { id: workspaceId } });
    if (!ws || ws.archivedAt) throw notFound('Workspace');
    const existing = await tx.member.findUnique({
      where: { workspaceId_userId: { workspaceId, userId: user.userId } },
    });
    if (existing) throw new AppError('CONFLICT', 'You are already a member of this workspace');
    // Their name will show here: it must pass this workspace's policy, as a new name would.
    const person = await tx.user.findUnique({ where: { id: user.userId }, select: { name: true } });
    const refusal = await joiningNameRefusal(deps, ws, user.userId, person?.name ?? '');
    if (refusal) throw new AppError('POLICY_BLOCKED', refusal);
    const used = await tx.invitation.updateMany({
      where: { id: inv.id, acceptedAt: null },
      data: { acceptedAt: new Date(), acceptedBy: user.userId },
    });
    if (used.count !== 1) throw new AppError('GONE', 'This invitation has already been used');
    // Another invitation accepted at the same moment: the membership's unique key decides.
    const joined = await tx.member.createMany({
      data: [{ workspaceId, userId: user.userId, role: inv.role }],
      skipDuplicates: true,
    });
    if (joined.count !== 1) throw new AppError('CONFLICT', 'You are already a member of this workspace');
    if (inv.role !== 'guest') await joinDefaultChannel(tx, workspaceId, user.userId);
    await appendAudit(tx, workspaceId, {
      action: 'member.join',
      actor: { type: 'user', id: user.userId },
      target: { type: 'user', id: user.userId },
      data: { role: inv.role, invitationId: inv.id },
      meta,
    });
    return { workspaceId, slug: ws.slug, role: inv.role };
  });
  await deps.events.publish({
    type: 'member:updated',
    workspaceId: result.workspaceId,
    userId: user.userId,
    role: result.role,
    reason: 'joined',
  });
  return result;
}

export async function changeRole(
  { tx, scope, meta, afterCommit, deps }: ServiceCtx,
  input: z.infer<typeof changeRoleInput>,
) {
  const target = await lockedMember(tx, scope.workspaceId, input.userId);
  if (!canManageMember(scope.role, target.role, input.role)) throw forbidden('You cannot change this role');
  const visitor = await tx.widgetVisitor.findUnique({
    where: { workspaceId_userId: { workspaceId: scope.workspaceId, userId: target.userId } },
    select: { userId: true },
  });
  if (visitor) throw forbidden('Widget visitors stay guests; invite the person to give them a role');
  if (target.role === input.role) return { userId: target.userId, role: target.role };
  if (target.role === 'owner' && (await ownerCount(tx, scope.workspaceId)) <= 1) {
    throw new AppError('CONFLICT', 'The last owner cannot be demoted; make someone else owner first');
  }
  await tx.member.update({ where: { id: target.id }, data: { role: input.role } });
  // A guest promoted to a full member joins #general like everyone else.
  if (target.role === 'guest') await joinDefaultChannel(tx, scope.workspaceId, target.userId);
  await audit(
    { tx, scope, meta },
    'member.role_change',
    { type: 'user', id: target.userId },
    { from: target.role, to: input.role },
  );
  afterCommit(() =>
    deps.events.publish({
      type: 'member:updated',
      workspaceId: scope.workspaceId,
      userId: target.userId,
      role: input.role,
      reason: 'role_changed',
    }),
  );
  return { userId: target.userId, role: input.role };
}

export async function removeMember(
  { tx, scope, meta, afterCommit, deps }: ServiceCtx,
  input: z.infer<typeof removeInput>,
) {
  if (input.userId === scope.userId)
    throw new AppError('BAD_REQUEST', 'To remove yourself, leave the workspace');
  const target = await lockedMember(tx, scope.workspaceId, input.userId);
  if (!canManageMember(scope.role, target.role)) throw forbidden('You cannot remove this member');
  if (target.role === 'owner' && (await ownerCount(tx, scope.workspaceId)) <= 1) {
    throw new AppError('CONFLICT', 'The last owner cannot be removed');
  }
  await tx.member.delete({ where: { id: target.id } });
  await audit(
    { tx, scope, meta },
    'member.remove',
    { type: 'user', id: target.userId },
    { role: target.role },
  );
  afterCommit(() =>
    deps.events.publish({
      type: 'member:updated',
      workspaceId: scope.workspaceId,
      userId: target.userId,
      role: null,
      reason: 'removed',
    }),
  );
  return { ok: true as const };
}

export async function leave({ tx, scope, meta, afterCommit, deps }: ServiceCtx) {
  const userId = scope.userId;
  if (!userId) throw forbidden('An API key is not a member');
  await lockMembers(tx, scope.workspaceId);
  if (scope.role === 'owner' && (await ownerCount(tx, scope.workspaceId)) <= 1) {
    throw new AppError('CONFLICT', 'The last owner cannot leave; make someone else owner first');
  }
  await tx.member.delete({ where: { workspaceId_userId: { workspaceId: scope.workspaceId, userId } } });
  await audit({ tx, scope, meta }, 'member.leave', { type: 'user', id: userId });
  afterCommit(() =>
    deps.events.publish({
      type: 'member:updated',
      workspaceId: scope.workspaceId,
      userId,
      role: null,
      reason: 'left',
    }),
  );
  return { ok: true as const };
}
