import { AppError, forbidden, isUniqueViolation, notFound } from '../../lib/errors';
import { canManageMember, type Role } from '../../../shared/roles';
import { audit } from '../audit/append';
import type { ServiceCtx } from '../scope';
import { utcMinute } from './read';
import { adminIdsOf } from '../member/admins';
import { policyFields } from '../policy/fields';

const MINUTE = 60_000;
/** Who started an automatic quarantine (server/domain/moderation/screen.ts). */
export const SYSTEM = 'system';

/** A quarantine as the console shows it. */
async function view(
  ctx: ServiceCtx,
  q: {
    id: string;
    userId: string;
    reason: string;
    startedBy: string;
    startedAt: Date;
    endsAt: Date;
    holds: boolean;
  },
) {
  const names = await ctx.tx.member.findMany({
    where: { workspaceId: ctx.scope.workspaceId, userId: { in: [q.userId, q.startedBy] } },
    select: { userId: true, user: { select: { name: true } } },
  });
  const nameOf = (id: string) =>
    id === SYSTEM
      ? 'Enclave (automatic)'
      : (names.find((n) => n.userId === id)?.user.name ?? 'Former member');
  return {
    id: q.id,
    userId: q.userId,
    name: nameOf(q.userId),
    reason: q.reason,
    startedAt: q.startedAt.toISOString(),
    endsAt: q.endsAt.toISOString(),
    holds: q.holds,
    startedBy: { id: q.startedBy, name: nameOf(q.startedBy) },
  };
}

/** The members of this workspace in quarantine now, soonest end first. */
export async function listQuarantines(ctx: ServiceCtx) {
  const rows = await ctx.tx.quarantine.findMany({
    where: { workspaceId: ctx.scope.workspaceId, endedAt: null, endsAt: { gt: new Date() } },
    orderBy: { endsAt: 'asc' },
  });
  return Promise.all(rows.map((r) => view(ctx, r)));
}

/**
 * The member to act on: not the caller, and one the caller may manage (`may`: admins manage
 * those below admin, owners everyone; a moderator's decision in the queue reaches below moderator).
 */
async function target(
  ctx: ServiceCtx,
  userId: string,
  may: (actor: Role, target: Role) => boolean = canManageMember,
) {
  if (userId === ctx.scope.userId) throw forbidden('You cannot quarantine yourself');
  const m = await ctx.tx.member.findUnique({
    where: { workspaceId_userId: { workspaceId: ctx.scope.workspaceId, userId } },
    select: { userId: true, role: true },
  });
  if (!m) throw notFound('Member');
  if (!may(ctx.scope.role, m.role)) throw forbidden('You cannot quarantine this member');
  return m;
}

/** After commit: every node reads the restrictions again; the person's sockets hear of it. */
async function announce(
  ctx: ServiceCtx,
  userId: string,
  active: { reason: string; endsAt: Date; holds: boolean } | null,
) {
  const { scope, deps } = ctx;
  const workspaceId = scope.workspaceId;
  const [visitor, admins] = await Promise.all([
    ctx.tx.widgetVisitor.findUnique({
      where: { workspaceId_userId: { workspaceId, userId } },
      select: { userId: true },
    }),
    adminIdsOf(ctx.tx, workspaceId),
  ]);
  ctx.afterCommit(async () => {
    deps.restrictions.forget(workspaceId);
    await deps.events.publish({
      type: 'member:quarantine',
      workspaceId,
      userId,
      visitor: visitor !== null,
      quarantine: active
        ? { reason: active.reason, endsAt: active.endsAt.toISOString(), holds: active.holds }
        : null,
      admins,
    });
  });
}

/**
 * Puts a member in quarantine for a while: they cannot use the workspace (every call refused
 * with LOCKED and the reason; a widget visitor is disconnected), their sockets hear nothing more
 * of it, and their presence is hidden there. When the policy says so (threat.quarantineHolds) the
 * quarantine holds instead: they read on, and everything they send waits for a moderator. On every
 * node at once; it ends by itself.
 */
export async function quarantine(
  ctx: ServiceCtx,
  input: { userId: string; reason: string; minutes: number },
  may?: (actor: Role, target: Role) => boolean,
) {
  const m = await target(ctx, input.userId, may);
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  // One that ran out is over: closing it lets the next one in.
  await tx.$executeRaw`
    UPDATE quarantine SET ended_at = ends_at
    WHERE workspace_id = ${ws}::uuid AND user_id = ${m.userId} AND ended_at IS NULL AND ends_at <= now()`;
  const now = new Date();
  const already = () => new AppError('CONFLICT', 'This member is already in quarantine. Release them first.');
  const open = await tx.quarantine.findFirst({ where: { workspaceId: ws, userId: m.userId, endedAt: null } });
  if (open) throw already();
  // The member reads the reason on every page: the policy watches it like any other text.
  const { 'quarantine.reason': reason = input.reason } = await policyFields(ctx, scope.userId ?? '', null, {
    'quarantine.reason': input.reason,
  });
  const { quarantineHolds: holds } = (await ctx.deps.settings.read(tx, ws)).security.threat;
  let row;
  try {
    row = await tx.quarantine.create({
      data: {
        workspaceId: ws,
        userId: m.userId,
        reason,
        holds,
        startedBy: scope.userId ?? '',
        startedAt: now,
        endsAt: new Date(now.getTime() + input.minutes * MINUTE),
      },
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw already();
    throw e;
  }
  await audit(
    ctx,
    'member.quarantine',
    { type: 'user', id: m.userId },
    {
      reason: row.reason,
      endsAt: row.endsAt.toISOString(),
      holds: row.holds,
    },
  );
  await announce(ctx, m.userId, row);
  return view(ctx, row);
}

/** Ends a member's quarantine before its time. */
export async function releaseQuarantine(ctx: ServiceCtx, input: { userId: string }) {
  const m = await target(ctx, input.userId);
  const { tx, scope } = ctx;
  const ended = await tx.quarantine.updateMany({
    where: { workspaceId: scope.workspaceId, userId: m.userId, endedAt: null, endsAt: { gt: new Date() } },
    data: { endedAt: new Date(), endedBy: scope.userId },
  });
  if (ended.count === 0) throw new AppError('CONFLICT', 'This member is not in quarantine.');
  await audit(ctx, 'member.quarantine_release', { type: 'user', id: m.userId });
  await announce(ctx, m.userId, null);
  return { released: true };
}

/** For the person themselves: their quarantine here, if any (their pages show it). */
export async function myQuarantine({ tx, scope }: ServiceCtx) {
  if (!scope.userId) return null;
  const q = await tx.quarantine.findFirst({
    where: {
      workspaceId: scope.workspaceId,
      userId: scope.userId,
      endedAt: null,
      endsAt: { gt: new Date() },
    },
    select: { reason: true, endsAt: true, holds: true },
  });
  return q
    ? { reason: q.reason, endsAt: q.endsAt.toISOString(), until: utcMinute(q.endsAt), holds: q.holds }
    : null;
}
