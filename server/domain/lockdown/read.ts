import { z } from 'zod';
import type { Tx } from '../../db/client';
import { AppError } from '../../lib/errors';
import { LOCKDOWN_MODES, lockdownRefusal, visitorPause } from '../../../shared/lockdown';
import { atLeast, type Role } from '../../../shared/roles';
import type { TenantRunner } from '../deps';
import type { ActiveLockdown, LockdownCache } from './state';

const mode = z.enum(LOCKDOWN_MODES);

/** The lockdown in force (not ended, not past its end), read in the caller's tenant transaction. */
export async function readLockdown(tx: Tx, workspaceId: string): Promise<ActiveLockdown | null> {
  const row = await tx.lockdown.findFirst({
    where: { workspaceId, endedAt: null, endsAt: { gt: new Date() } },
    select: { id: true, mode: true, reason: true, startedAt: true, endsAt: true },
  });
  return row ? { ...row, mode: mode.parse(row.mode) } : null;
}

/** The lockdown in force, from this node's cache (read again when it is older than a second). */
export const lockdownOf = (deps: { lockdowns: LockdownCache }, tx: Tx, workspaceId: string) =>
  deps.lockdowns.current(workspaceId, () => readLockdown(tx, workspaceId));

/** The lockdown in force, for work outside a gated call (a socket handshake, a widget session). */
export const lockdownNow = (deps: { lockdowns: LockdownCache; tenants: TenantRunner }, workspaceId: string) =>
  deps.lockdowns.current(workspaceId, () =>
    deps.tenants.system(workspaceId, (tx) => readLockdown(tx, workspaceId)),
  );

/** "2026-12-04 20:15 UTC": the end of a lockdown in a refusal (clients show their local time). */
export const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** How a call meets a lockdown: held back if it writes, counted as a read, or open (its own state). */
export type LockdownUse = 'write' | 'read' | 'open';

/**
 * The one rule of a lockdown, for every entry point: admins and owners go on; everyone else
 * (members, guests, widget visitors and API keys) may only read in read-only mode and do nothing
 * in full mode. Null: the call goes ahead.
 */
export function lockdownRefusalFor(
  lock: ActiveLockdown | null,
  caller: { role: Role; apiKey: boolean; visitor?: boolean },
  use: LockdownUse,
): AppError | null {
  if (!lock || use === 'open') return null;
  if (!caller.apiKey && atLeast(caller.role, 'admin')) return null;
  if (lock.mode === 'read_only' && use === 'read') return null;
  const until = utcMinute(lock.endsAt);
  return new AppError('LOCKED', caller.visitor ? visitorPause(until) : lockdownRefusal(lock, until));
}

/**
 * The lockdown's refusal of each send in a batch (null: it goes ahead). The socket batcher sends
 * without the gate, so the send path asks too; the senders' roles are read only in a lockdown.
 */
export async function lockdownRefusalsOf(
  deps: { lockdowns: LockdownCache },
  read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  workspaceId: string,
  items: readonly { userId: string; visitor?: boolean | undefined }[],
): Promise<(AppError | null)[]> {
  const lock = await deps.lockdowns.current(workspaceId, () => read((tx) => readLockdown(tx, workspaceId)));
  if (!lock) return items.map(() => null);
  const ids = [...new Set(items.map((i) => i.userId))];
  const members = await read((tx) =>
    tx.member.findMany({ where: { workspaceId, userId: { in: ids } }, select: { userId: true, role: true } }),
  );
  const roleOf = new Map<string, Role>(members.map((m) => [m.userId, m.role]));
  return items.map((i) =>
    lockdownRefusalFor(
      lock,
      { role: roleOf.get(i.userId) ?? 'guest', apiKey: false, visitor: i.visitor === true },
      'write',
    ),
  );
}
