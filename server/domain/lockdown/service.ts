import type { Lockdown } from '../../db/generated/client';
import { AppError, forbidden, isUniqueViolation } from '../../lib/errors';
import { MAX_LOCKDOWN_MINUTES, lockdownModeLabel, type LockdownMode } from '../../../shared/lockdown';
import { atLeast } from '../../../shared/roles';
import { audit } from '../audit/append';
import type { ServiceCtx } from '../scope';
import { myQuarantine } from './quarantine';
import { readLockdown, utcMinute } from './read';
import type { LockdownView } from './schemas';
import { adminIdsOf } from '../member/admins';
import { policyFields } from '../policy/fields';

const HISTORY = 10;

/** Lockdowns are started and lifted by people (API keys cannot reach these procedures). */
function personOf(scope: ServiceCtx['scope']): string {
  if (!scope.userId) throw forbidden('Only a signed-in admin can do this');
  return scope.userId;
}
const MINUTE = 60_000;

/** Names of the people a lockdown names (someone who has left shows as a former member). */
async function namesOf({ tx, scope }: ServiceCtx, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const members = wanted.length
    ? await tx.member.findMany({
        where: { workspaceId: scope.workspaceId, userId: { in: wanted } },
        select: { userId: true, user: { select: { name: true } } },
      })
    : [];
  const names = new Map(members.map((m) => [m.userId, m.user.name]));
  return (id: string | null) => (id === null ? null : { id, name: names.get(id) ?? 'Former member' });
}

function toView(r: Lockdown, who: Awaited<ReturnType<typeof namesOf>>, now: Date): LockdownView {
  const ranOut = r.endedAt === null && r.endsAt <= now;
  return {
    id: r.id,
    mode: r.mode as LockdownMode,
    reason: r.reason,
    startedAt: r.startedAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    startedBy: who(r.startedBy) ?? { id: r.startedBy, name: 'Former member' },
    liftRequestedBy: who(r.liftRequestedBy),
    endedAt: (r.endedAt ?? (ranOut ? r.endsAt : null))?.toISOString() ?? null,
    endedBy: who(r.endedBy),
  };
}

/** The lockdown in force (if any) and the latest ended ones: the console's Security page. */
export async function adminLockdown(ctx: ServiceCtx) {
  const now = new Date();
  const rows = await ctx.tx.lockdown.findMany({
    where: { workspaceId: ctx.scope.workspaceId },
    orderBy: { startedAt: 'desc' },
    take: HISTORY + 1,
  });
  const who = await namesOf(
    ctx,
    rows.flatMap((r) => [r.startedBy, r.liftRequestedBy, r.endedBy]),
  );
  const active = rows.find((r) => r.endedAt === null && r.endsAt > now) ?? null;
  return {
    active: active ? toView(active, who, now) : null,
    history: rows
      .filter((r) => r !== active)
      .slice(0, HISTORY)
      .map((r) => toView(r, who, now)),
  };
}

/** What members and visitors may know: the mode, the reason and the end. */
export async function memberLockdown(ctx: ServiceCtx) {
  const { tx, scope } = ctx;
  const l = await readLockdown(tx, scope.workspaceId);
  const q = await myQuarantine(ctx);
  return {
    exempt: scope.actor.kind === 'user' && atLeast(scope.role, 'admin') && !q,
    quarantine: q ? { reason: q.reason, endsAt: q.endsAt, holds: q.holds } : null,
    active: l
      ? {
          mode: l.mode,
          reason: l.reason,
          startedAt: l.startedAt.toISOString(),
          endsAt: l.endsAt.toISOString(),
        }
      : null,
  };
}

/** The open lockdown row, locked for this transaction (a lift and an extension at once queue up). */
async function openRow({ tx, scope }: ServiceCtx) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM lockdown
    WHERE workspace_id = ${scope.workspaceId}::uuid AND ended_at IS NULL AND ends_at > now()
    FOR UPDATE`;
  if (!row) throw new AppError('CONFLICT', 'The workspace is not locked down.');
  return tx.lockdown.findUniqueOrThrow({ where: { id: row.id } });
}

/** Admins and owners: a full lockdown keeps their sockets in the workspace. */
const exempt = ({ tx, scope }: ServiceCtx) => adminIdsOf(tx, scope.workspaceId);

/** After commit: every node reads the lockdown again, and sockets hear of it. */
async function announce(ctx: ServiceCtx, row: Lockdown | null) {
  const workspaceId = ctx.scope.workspaceId;
  const admins = await exempt(ctx);
  ctx.afterCommit(async () => {
    ctx.deps.restrictions.forget(workspaceId);
    await ctx.deps.events.publish({
      type: 'workspace:lockdown',
      workspaceId,
      lockdown: row
        ? {
            mode: row.mode as LockdownMode,
            reason: row.reason,
            startedAt: row.startedAt.toISOString(),
            endsAt: row.endsAt.toISOString(),
          }
        : null,
      exempt: admins,
    });
  });
}

/**
 * Locks the workspace down for a while: read-only (only admins write) or full (only admins enter;
 * everyone else's sockets leave it). Takes effect on every node at once (the cache is forgotten
 * everywhere, and each node reads again within a second in any case). One at a time.
 */
export async function startLockdown(
  ctx: ServiceCtx,
  input: { mode: LockdownMode; reason: string; minutes: number },
): Promise<LockdownView> {
  const { tx, scope } = ctx;
  const now = new Date();
  // One that ran out is over: closing it lets the next one in (at most one open per workspace).
  await tx.$executeRaw`
    UPDATE lockdown SET ended_at = ends_at
    WHERE workspace_id = ${scope.workspaceId}::uuid AND ended_at IS NULL AND ends_at <= now()`;
  const current = await readLockdown(tx, scope.workspaceId);
  const already = (mode: LockdownMode, endsAt: Date) =>
    new AppError(
      'CONFLICT',
      `The workspace is already locked down (${lockdownModeLabel[mode].toLowerCase()}) until ${utcMinute(endsAt)}. Extend or lift that lockdown instead.`,
    );
  if (current) throw already(current.mode, current.endsAt);
  // Everyone shut out reads the reason: the policy watches it like any other text.
  const { 'lockdown.reason': reason = input.reason } = await policyFields(ctx, personOf(scope), null, {
    'lockdown.reason': input.reason,
  });
  let row: Lockdown;
  try {
    row = await tx.lockdown.create({
      data: {
        workspaceId: scope.workspaceId,
        mode: input.mode,
        reason,
        startedBy: personOf(scope),
        startedAt: now,
        endsAt: new Date(now.getTime() + input.minutes * MINUTE),
      },
    });
  } catch (e) {
    // Another admin started one at the same moment.
    if (isUniqueViolation(e))
      throw new AppError('CONFLICT', 'Another admin has just locked the workspace down.');
    throw e;
  }
  await audit(
    ctx,
    'lockdown.start',
    { type: 'workspace', id: scope.workspaceId },
    {
      mode: row.mode,
      reason: row.reason,
      endsAt: row.endsAt.toISOString(),
    },
  );
  await announce(ctx, row);
  return toView(row, await namesOf(ctx, [row.startedBy]), now);
}

/** The owner moves the end of the lockdown in force later (at most a week from now). */
export async function extendLockdown(ctx: ServiceCtx, input: { minutes: number }): Promise<LockdownView> {
  const { tx, scope } = ctx;
  if (scope.role !== 'owner') throw forbidden('Only the owner can extend a lockdown');
  const row = await openRow(ctx);
  const now = Date.now();
  const endsAt = new Date(
    Math.min(row.endsAt.getTime() + input.minutes * MINUTE, now + MAX_LOCKDOWN_MINUTES * MINUTE),
  );
  const next = await tx.lockdown.update({ where: { id: row.id }, data: { endsAt } });
  await audit(
    ctx,
    'lockdown.extend',
    { type: 'workspace', id: scope.workspaceId },
    {
      endsAt: endsAt.toISOString(),
    },
  );
  await announce(ctx, next);
  return toView(next, await namesOf(ctx, [next.startedBy, next.liftRequestedBy]), new Date(now));
}

/**
 * Ends the lockdown in force. Any admin lifts a read-only one; a full one takes the owner, or two
 * admins: the first asks (recorded, and shown on the Security page), a second one confirms.
 */
export async function liftLockdown(ctx: ServiceCtx) {
  const { tx, scope } = ctx;
  const row = await openRow(ctx);
  const by = personOf(scope);
  const second = row.liftRequestedBy !== null && row.liftRequestedBy !== by;
  const now = new Date();
  if (row.mode === 'full' && scope.role !== 'owner' && !second) {
    const asked = await tx.lockdown.update({ where: { id: row.id }, data: { liftRequestedBy: by } });
    if (row.liftRequestedBy === null)
      await audit(ctx, 'lockdown.lift_request', { type: 'workspace', id: scope.workspaceId });
    return { lifted: false, active: toView(asked, await namesOf(ctx, [asked.startedBy, by]), now) };
  }
  await tx.lockdown.update({ where: { id: row.id }, data: { endedAt: now, endedBy: by } });
  await audit(
    ctx,
    'lockdown.lift',
    { type: 'workspace', id: scope.workspaceId },
    {
      mode: row.mode,
      ...(second ? { askedBy: row.liftRequestedBy } : {}),
    },
  );
  await announce(ctx, null);
  return { lifted: true, active: null };
}
