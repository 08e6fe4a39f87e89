import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../../shared/moderation';
import {
  categoryOf,
  CATEGORY_WORDS,
  EMAIL_CATEGORIES,
  EMAIL_WINDOW_MS,
  inQuietHours,
} from '../../../shared/notification-prefs';
import type { Tx } from '../../db/client';
import { logFailure } from '../../lib/logger';
import type { Deps } from '../deps';
import { digestGroups, renderDigest, type DigestItem } from './digest';
import { readPrefs } from './prefs';
import { pushFor } from './push-text';
import { unsubscribeToken } from './unsubscribe';

export interface EscalationTiming {
  /** A notification unseen this long is pushed. */
  pushDelayMs: number;
  /** A notification unseen this long goes into the next email (when the person's window allows). */
  emailDelayMs: number;
  appUrl: string;
}

type EscalationDeps = Pick<Deps, 'tenants' | 'keys' | 'mail' | 'push' | 'settings'>;
const kind = z.enum(NOTIFICATION_KINDS);
/** People handled per run; the rest wait for the next (runs are seconds apart). */
const PEOPLE_PER_RUN = 200;

/**
 * The escalation order for notifications nobody has seen: in-app at once (the send path does
 * that), then a push once one is unseen for the push delay, then an email once unseen for the
 * email delay and the person's email window has passed since their last one, all their pending
 * notifications in it, grouped by conversation. Reading a conversation (on any device) reads its
 * notifications, so what was read meanwhile is neither pushed nor emailed. `now` is a parameter so
 * tests move the clock; the job passes the real time (and every workspace; `only` keeps a run to
 * one). Returns what it did, for logs and tests.
 */
export async function escalate(
  deps: EscalationDeps,
  now: Date,
  t: EscalationTiming,
  only?: { workspaceId: string },
) {
  const pushBefore = new Date(now.getTime() - t.pushDelayMs);
  const emailBefore = new Date(now.getTime() - t.emailDelayMs);
  const due = await deps.tenants.admin.$queryRaw<{ workspace_id: string; user_id: string }[]>`
    SELECT DISTINCT workspace_id, user_id FROM notification
    WHERE read_at IS NULL AND ((pushed_at IS NULL AND created_at <= ${pushBefore})
                            OR (emailed_at IS NULL AND created_at <= ${emailBefore}))
      AND (${only?.workspaceId ?? null}::uuid IS NULL OR workspace_id = ${only?.workspaceId ?? null}::uuid)
    LIMIT ${PEOPLE_PER_RUN}`;
  const done = { pushed: 0, emails: 0 };
  for (const d of due) {
    try {
      const r = await escalatePerson(deps, d.workspace_id, d.user_id, now, { ...t, pushBefore, emailBefore });
      done.pushed += r.pushed;
      done.emails += r.emails;
    } catch (err) {
      // One person's failure (a refused address, SMTP down) does not hold up the others; their rows
      // stay unmarked and the next run tries again.
      logFailure(err, 'notification escalation failed for one person');
    }
  }
  return done;
}

interface Pending extends DigestItem {
  pushedAt: Date | null;
  emailedAt: Date | null;
}

async function escalatePerson(
  deps: EscalationDeps,
  workspaceId: string,
  userId: string,
  now: Date,
  t: EscalationTiming & { pushBefore: Date; emailBefore: Date },
) {
  const user = await deps.tenants.global.user.findUnique({
    where: { id: userId },
    select: { email: true, emailVerified: true },
  });
  return deps.tenants.system(workspaceId, async (tx, ws) => {
    // One run per person at a time: another node's run that holds them already does their email
    // (row locks alone would let two runs split the rows and send two partial emails).
    const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(hashtextextended(${`notify:${ws}:${userId}`}, 0)) AS ok`;
    if (!lock?.ok) return { pushed: 0, emails: 0 };
    const rows = await tx.$queryRaw<
      {
        id: string;
        kind: string;
        conversation_id: string;
        message_id: string | null;
        file_id: string | null;
        actor_id: string | null;
        detail: string | null;
        created_at: Date;
        pushed_at: Date | null;
        emailed_at: Date | null;
      }[]
    >`SELECT id, kind, conversation_id, message_id, file_id, actor_id, detail, created_at, pushed_at, emailed_at
      FROM notification WHERE workspace_id = ${ws}::uuid AND user_id = ${userId} AND read_at IS NULL
        AND (pushed_at IS NULL OR emailed_at IS NULL)
      ORDER BY created_at FOR UPDATE`;
    const pending: Pending[] = rows.map((r) => ({
      id: r.id,
      kind: kind.catch('mention').parse(r.kind),
      conversationId: r.conversation_id,
      messageId: r.message_id,
      fileId: r.file_id,
      actorId: r.actor_id,
      detail: r.detail,
      createdAt: r.created_at,
      pushedAt: r.pushed_at,
      emailedAt: r.emailed_at,
    }));
    const { row, prefs } = await readPrefs(tx, ws, userId);
    const quiet = inQuietHours(now, prefs.quietHours, prefs.timeZone);
    const settings = await deps.settings.read(tx, ws);
    const withText = settings.notifications.pushPreview;
    const workspace = await tx.workspace.findUniqueOrThrow({
      where: { id: ws },
      select: { name: true, slug: true },
    });
    let pushed = 0;
    let emails = 0;

    // Push: one per run, for the newest unseen ones; during quiet hours they are let go unpushed
    // (the email after quiet hours still carries them).
    const toPush = pending.filter((n) => !n.pushedAt && n.createdAt <= t.pushBefore);
    if (toPush.length > 0) {
      if (prefs.push && !quiet) {
        const payload = await pushFor(tx, deps, { id: ws, ...workspace }, toPush, {
          appUrl: t.appUrl,
          withText,
        });
        const r = await deps.push.send(ws, userId, payload);
        pushed += r.sent;
      }
      await mark(tx, ws, toPush, 'pushed_at', now);
    }

    // Email: everything unseen past the delay, once the window since the last email has passed.
    const ready = pending.filter((n) => !n.emailedAt && n.createdAt <= t.emailBefore);
    if (ready.length === 0) return { pushed, emails };
    // A widget visitor has no account address: the one they left (or the host's token gave).
    const visitor = await tx.widgetVisitor.findUnique({
      where: { workspaceId_userId: { workspaceId: ws, userId } },
      select: { email: true },
    });
    const address = visitor ? visitor.email : user?.emailVerified ? user.email : null;
    const wanted = ready.filter((n) => !prefs.emailOff.includes(categoryOf(n.kind)));
    if (prefs.email === 'off' || !address) {
      // Nothing will ever be emailed for these: let them go rather than look at them every run.
      await mark(tx, ws, ready, 'emailed_at', now);
      return { pushed, emails };
    }
    await mark(
      tx,
      ws,
      ready.filter((n) => !wanted.includes(n)),
      'emailed_at',
      now,
    );
    const window = EMAIL_WINDOW_MS[prefs.email];
    const last = row?.lastEmailedAt?.getTime() ?? 0;
    if (wanted.length === 0 || quiet || now.getTime() - last < window) return { pushed, emails };
    const appUrl = t.appUrl.replace(/\/$/, '');
    const prefsUrl = visitor
      ? null
      : `${appUrl}/w/${encodeURIComponent(workspace.slug)}/notifications/settings`;
    // A visitor answers in the widget on the host's page they wrote from, when that is known.
    const support = visitor
      ? await tx.supportConversation.findFirst({
          where: {
            workspaceId: ws,
            visitorId: userId,
            conversationId: { in: wanted.map((n) => n.conversationId) },
          },
          select: { pageUrl: true },
        })
      : null;
    const visitorView = visitor
      ? { place: `your conversation with ${workspace.name}`, link: support?.pageUrl ?? null }
      : undefined;
    // One email per category, so each one's unsubscribe stops exactly what it carries.
    for (const category of EMAIL_CATEGORIES) {
      const items = wanted.filter((n) => categoryOf(n.kind) === category);
      if (items.length === 0) continue;
      const groups = await digestGroups(tx, deps, { id: ws, slug: workspace.slug }, items, {
        appUrl,
        withText,
        ...(visitorView && { visitor: visitorView }),
      });
      const url = `${appUrl}/api/v1/unsubscribe?token=${unsubscribeToken({ workspaceId: ws, userId, category })}`;
      const mail = renderDigest(
        workspace.name,
        groups,
        { url, what: CATEGORY_WORDS[category].toLowerCase() },
        prefsUrl,
        !!visitor,
      );
      // Sent inside the transaction: if the server refuses it, the rows stay unmarked for the next run.
      await deps.mail.send({
        to: address,
        ...mail,
        headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      emails += 1;
    }
    await mark(tx, ws, wanted, 'emailed_at', now);
    await tx.notificationPref.upsert({
      where: { workspaceId_userId: { workspaceId: ws, userId } },
      create: { workspaceId: ws, userId, lastEmailedAt: now },
      update: { lastEmailedAt: now },
    });
    return { pushed, emails };
  });
}

async function mark(
  tx: Tx,
  ws: string,
  items: { id: string }[],
  column: 'pushed_at' | 'emailed_at',
  now: Date,
) {
  if (items.length === 0) return;
  const ids = items.map((i) => i.id);
  if (column === 'pushed_at')
    await tx.notification.updateMany({
      where: { workspaceId: ws, id: { in: ids } },
      data: { pushedAt: now },
    });
  else
    await tx.notification.updateMany({
      where: { workspaceId: ws, id: { in: ids } },
      data: { emailedAt: now },
    });
}
