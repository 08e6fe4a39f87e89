import { z } from 'zod';
import { opaqueId, singleLine } from '../../lib/text';
import { LOCKDOWN_MODES, LOCKDOWN_REASON_MAX, MAX_LOCKDOWN_MINUTES } from '../../../shared/lockdown';

const minutes = z
  .number()
  .int('Whole minutes')
  .min(1, 'At least one minute')
  .max(MAX_LOCKDOWN_MINUTES, `At most ${MAX_LOCKDOWN_MINUTES} minutes (a week)`);

export const startLockdownInput = z.object({
  mode: z.enum(LOCKDOWN_MODES),
  reason: singleLine(1, LOCKDOWN_REASON_MAX),
  minutes,
});
export const extendLockdownInput = z.object({ minutes });

const person = z.object({ id: z.string(), name: z.string() });

/** A lockdown as the console shows it. */
export const lockdownView = z.object({
  id: z.string(),
  mode: z.enum(LOCKDOWN_MODES),
  reason: z.string(),
  startedAt: z.string(),
  endsAt: z.string(),
  startedBy: person,
  /** An admin who asked to lift a full lockdown, waiting for a second admin or the owner. */
  liftRequestedBy: person.nullable(),
  /** When it ended (lifted, or past endsAt), and who lifted it (null: it ran out). */
  endedAt: z.string().nullable(),
  endedBy: person.nullable(),
});
export type LockdownView = z.infer<typeof lockdownView>;

export const adminLockdownOutput = z.object({
  active: lockdownView.nullable(),
  /** The latest ended lockdowns, newest first. */
  history: z.array(lockdownView),
});

export const liftLockdownOutput = z.object({
  /** False: a full lockdown waits for a second admin (or the owner) to confirm. */
  lifted: z.boolean(),
  active: lockdownView.nullable(),
});

/** What every member (and a widget visitor) may know of the lockdown in force. */
export const memberLockdownOutput = z.object({
  /** Whether the caller goes on regardless (admins and owners). */
  exempt: z.boolean(),
  /** The caller's own quarantine here, if any (holds: they read on, and what they send waits for review). */
  quarantine: z.object({ reason: z.string(), endsAt: z.string(), holds: z.boolean() }).nullable(),
  active: z
    .object({ mode: z.enum(LOCKDOWN_MODES), reason: z.string(), startedAt: z.string(), endsAt: z.string() })
    .nullable(),
});

export const quarantineInput = z.object({
  userId: opaqueId(64),
  reason: singleLine(1, LOCKDOWN_REASON_MAX),
  minutes,
});
export const releaseQuarantineInput = z.object({ userId: opaqueId(64) });
export const quarantineView = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  reason: z.string(),
  startedAt: z.string(),
  endsAt: z.string(),
  /** The member reads on and what they send waits for review (the policy's choice when it started). */
  holds: z.boolean(),
  startedBy: person,
});
