import { z } from 'zod';
import type { Tx } from '../../db/client';
import { AppError } from '../../lib/errors';
import { LOCKDOWN_MODES, lockdownRefusal, quarantineRefusal, visitorPause } from '../../../shared/lockdown';
import { atLeast, type Role } from '../../../shared/roles';
import type { TenantRunner } from '../deps';
import type { ActiveLockdown, RestrictionCache, Restrictions } from './state';

const mode = z.enum(LOCKDOWN_MODES);

/** The lockdown in force (not ended, not past its end), read in the caller's tenant transaction. */
export async function readLockdown(tx: Tx, workspaceId: string): Promise<ActiveLockdown | null> {
  const row = await tx.lockdown.findFirst({
    where: { workspaceId, endedAt: null, endsAt: { gt: new Date() } },
    select: { id: true, mode: true, reason: true, startedAt: true, endsAt: true },
  });
  return row ? { ...row, mode: mode.parse(row.mode) } : null;
}

/** The workspace's lockdown and quarantines in force. */
export async function readRestrictions(tx: Tx, workspaceId: string): Promise<Restrictions> {
  const lockdown = await readLockdown(tx, workspaceId);
  const quarantines = await tx.quarantine.findMany({
    where: { workspaceId, endedAt: null, endsAt: { gt: new Date() } },
    select: { id: true, userId: true, reason: true, startedAt: true, endsAt: true, holds: true },
  });
  return { lockdown, quarantines };
}

/** The restrictions in force, from this node's cache (read again when older than a second). */
export const restrictionsOf = (deps: { restrictions: RestrictionCache }, tx: Tx, workspaceId: string) =>
  deps.restrictions.current(workspaceId, () => readRestrictions(tx, workspaceId));

/** The lockdown in force, from the same cache. */
export const lockdownOf = async (deps: { restrictions: RestrictionCache }, tx: Tx, workspaceId: string) =>
  (await restrictionsOf(deps, tx, workspaceId)).lockdown;

/** The restrictions in force, for work outside a gated call (a socket handshake). */
export const restrictionsNow = (
  deps: { restrictions: RestrictionCache; tenants: TenantRunner },
  workspaceId: string,
) =>
  deps.restrictions.current(workspaceId, () =>
    deps.tenants.system(workspaceId, (tx) => readRestrictions(tx, workspaceId)),
  );

/** "2026-12-04 20:15 UTC": the end of a lockdown in a refusal (clients show their local time). */
export const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * How a call meets a lockdown: held back if it writes, counted as a read, or open (its own state).
 * 'send' is a write, except to a quarantine that holds: the send goes on, to be held for review.
 */
export type LockdownUse = 'write' | 'send' | 'read' | 'open';

/** Who is calling, as the restrictions see it. */
export interface RestrictedCaller {
  userId: string | null;
  role: Role;
  apiKey: boolean;
  visitor?: boolean;
}

/**
 * The one rule of lockdowns and quarantines, for every entry point. In a lockdown admins and
 * owners go on; everyone else (members, guests, widget visitors and API keys) may only read in
 * read-only mode and do nothing in full mode. A person in quarantine does nothing in the
 * workspace, whatever their role. Null: the call goes ahead. 'open' calls always do.
 */
export function restrictionRefusal(
  r: Restrictions,
  caller: RestrictedCaller,
  use: LockdownUse,
): AppError | null {
  if (use === 'open') return null;
  const q = caller.userId === null ? undefined : r.quarantines.find((x) => x.userId === caller.userId);
  // A quarantine that holds lets its member read, and send to the moderation queue.
  const readsOn = q?.holds === true && !caller.visitor && (use === 'read' || use === 'send');
  if (q && !readsOn) {
    const until = utcMinute(q.endsAt);
    return new AppError(
      'LOCKED',
      caller.visitor ? visitorPause(until) : quarantineRefusal(q.reason, until, q.holds),
    );
  }
  const lock = r.lockdown;
  if (!lock) return null;
  if (!caller.apiKey && atLeast(caller.role, 'admin')) return null;
  if (lock.mode === 'read_only' && use === 'read') return null;
  const until = utcMinute(lock.endsAt);
  return new AppError('LOCKED', caller.visitor ? visitorPause(until) : lockdownRefusal(lock, until));
}

/** How the restrictions meet one send: refused (null: it goes ahead), or held as its author's in quarantine. */
export interface SendRestriction {
  refusal: AppError | null;
  quarantined: boolean;
}

/**
 * The restrictions' answer to each send in a batch. The socket batcher sends without the gate, so
 * the send path asks too; the senders' roles are read only in a lockdown.
 */
export async function restrictionRefusalsOf(
  deps: { restrictions: RestrictionCache },
  read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  workspaceId: string,
  items: readonly { userId: string; visitor?: boolean | undefined }[],
): Promise<SendRestriction[]> {
  const r = await deps.restrictions.current(workspaceId, () =>
    read((tx) => readRestrictions(tx, workspaceId)),
  );
  if (!r.lockdown && r.quarantines.length === 0)
    return items.map(() => ({ refusal: null, quarantined: false }));
  const ids = [...new Set(items.map((i) => i.userId))];
  const members = r.lockdown
    ? await read((tx) =>
        tx.member.findMany({
          where: { workspaceId, userId: { in: ids } },
          select: { userId: true, role: true },
        }),
      )
    : [];
  const roleOf = new Map<string, Role>(members.map((m) => [m.userId, m.role]));
  return items.map((i) => {
    const refusal = restrictionRefusal(
      r,
      { userId: i.userId, role: roleOf.get(i.userId) ?? 'guest', apiKey: false, visitor: i.visitor === true },
      'send',
    );
    return { refusal, quarantined: !refusal && r.quarantines.some((q) => q.userId === i.userId) };
  });
}
