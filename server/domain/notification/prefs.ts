import type { z } from 'zod';
import type { Tx } from '../../db/client';
import type { NotificationPref } from '../../db/generated/client';
import {
  DEFAULT_PREFS,
  EMAIL_CATEGORIES,
  EMAIL_FREQUENCIES,
  LEVELS,
  isTimeZone,
  type EmailCategory,
  type Level,
} from '../../../shared/notification-prefs';
import { notFound } from '../../lib/errors';
import { requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import type { conversationPrefInput, NotificationPrefs, updatePrefsInput } from './schemas';

const oneOf = <T extends string>(list: readonly T[], v: string, fallback: T): T =>
  (list as readonly string[]).includes(v) ? (v as T) : fallback;

/** A stored row as preferences (values the database allows but this build does not know fall back). */
export function prefsOf(row: NotificationPref | null): NotificationPrefs {
  if (!row) return { ...DEFAULT_PREFS, levels: { ...DEFAULT_PREFS.levels }, emailOff: [] };
  const d = DEFAULT_PREFS;
  return {
    levels: {
      channel: oneOf(LEVELS, row.channelLevel, d.levels.channel),
      direct: oneOf(LEVELS, row.directLevel, d.levels.direct),
      subject: oneOf(LEVELS, row.subjectLevel, d.levels.subject),
    },
    email: oneOf(EMAIL_FREQUENCIES, row.email, d.email),
    emailOff: row.emailOff.filter((c): c is EmailCategory =>
      (EMAIL_CATEGORIES as readonly string[]).includes(c),
    ),
    push: row.push,
    quietHours:
      row.quietStart !== null && row.quietEnd !== null ? { start: row.quietStart, end: row.quietEnd } : null,
    timeZone: isTimeZone(row.timeZone) ? row.timeZone : 'UTC',
  };
}

export async function readPrefs(tx: Tx, workspaceId: string, userId: string) {
  const row = await tx.notificationPref.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
  });
  return { row, prefs: prefsOf(row) };
}

/** The caller's notification preferences in this workspace (the defaults until they change one). */
export async function getPrefs(ctx: ServiceCtx): Promise<NotificationPrefs> {
  return (await readPrefs(ctx.tx, ctx.scope.workspaceId, requirePerson(ctx.scope))).prefs;
}

/** Changes some of the caller's preferences; the rest stay as they were. */
export async function updatePrefs(
  ctx: ServiceCtx,
  input: z.infer<typeof updatePrefsInput>,
): Promise<NotificationPrefs> {
  const me = requirePerson(ctx.scope);
  const workspaceId = ctx.scope.workspaceId;
  const { prefs } = await readPrefs(ctx.tx, workspaceId, me);
  const next: NotificationPrefs = {
    levels: { ...prefs.levels, ...input.levels },
    email: input.email ?? prefs.email,
    emailOff: input.emailOff ?? prefs.emailOff,
    push: input.push ?? prefs.push,
    quietHours: input.quietHours === undefined ? prefs.quietHours : input.quietHours,
    timeZone: input.timeZone ?? prefs.timeZone,
  };
  const data = {
    channelLevel: next.levels.channel,
    directLevel: next.levels.direct,
    subjectLevel: next.levels.subject,
    email: next.email,
    emailOff: next.emailOff,
    push: next.push,
    quietStart: next.quietHours?.start ?? null,
    quietEnd: next.quietHours?.end ?? null,
    timeZone: next.timeZone,
    updatedAt: new Date(),
  };
  await ctx.tx.notificationPref.upsert({
    where: { workspaceId_userId: { workspaceId, userId: me } },
    create: { workspaceId, userId: me, ...data },
    update: data,
  });
  return next;
}

/** The caller's own conversation overrides in this workspace (level or mute). */
export async function listConversationPrefs(ctx: ServiceCtx) {
  const me = requirePerson(ctx.scope);
  const rows = await ctx.tx.conversationPref.findMany({
    where: { workspaceId: ctx.scope.workspaceId, userId: me },
    orderBy: { updatedAt: 'desc' },
  });
  return rows.map((r) => ({
    conversationId: r.conversationId,
    level: r.level === null ? null : oneOf<Level>(LEVELS, r.level, 'mentions'),
    mutedUntil: r.mutedUntil?.toISOString() ?? null,
  }));
}

/**
 * Sets how one conversation the caller is in notifies them. Both cleared removes the override. A
 * conversation they are not in is NOT_FOUND, like one that does not exist.
 */
export async function setConversationPref(ctx: ServiceCtx, input: z.infer<typeof conversationPrefInput>) {
  const me = requirePerson(ctx.scope);
  const workspaceId = ctx.scope.workspaceId;
  const key = { workspaceId, conversationId: input.conversationId, userId: me };
  const member = await ctx.tx.conversationMember.findUnique({
    where: { workspaceId_conversationId_userId: key },
  });
  if (!member) throw notFound('Conversation');
  const mutedUntil =
    input.mutedUntil && new Date(input.mutedUntil) > new Date() ? new Date(input.mutedUntil) : null;
  if (input.level === null && mutedUntil === null) {
    await ctx.tx.conversationPref.deleteMany({ where: key });
  } else {
    const data = { level: input.level, mutedUntil, updatedAt: new Date() };
    await ctx.tx.conversationPref.upsert({
      where: { workspaceId_conversationId_userId: key },
      create: { ...key, ...data },
      update: data,
    });
  }
  return {
    conversationId: input.conversationId,
    level: input.level,
    mutedUntil: mutedUntil?.toISOString() ?? null,
  };
}
