import type { z } from 'zod';
import { AppError } from '../../lib/errors';
import { isoOrNull, iso } from '../../lib/time';
import { audit } from '../audit/append';
import type { ServiceCtx } from '../scope';
import { parseSettings, type WidgetSettings } from '../workspace/settings';
import type { widgetAdminOutput, widgetSecretOutput, widgetUpdateInput } from './schemas';
import { newSecret } from './secret';

async function current(ctx: ServiceCtx) {
  const w = await ctx.tx.workspace.findUniqueOrThrow({
    where: { id: ctx.scope.workspaceId },
    select: { settings: true },
  });
  return { all: parseSettings(w.settings), raw: w.settings };
}

async function output(ctx: ServiceCtx, widget: WidgetSettings): Promise<z.infer<typeof widgetAdminOutput>> {
  const secret = await ctx.tx.widgetSecret.findUnique({
    where: { workspaceId: ctx.scope.workspaceId },
    select: { rotatedAt: true },
  });
  return { ...widget, secretRotatedAt: isoOrNull(secret?.rotatedAt ?? null) };
}

export async function widgetSettings(ctx: ServiceCtx) {
  return output(ctx, (await current(ctx)).all.widget);
}

/**
 * Ends widget sessions the new settings no longer allow (widget off, host origin removed, anonymous
 * chat turned off), and tells their sockets at once.
 */
async function endSessions(ctx: ServiceCtx, where: object) {
  const { tx, scope } = ctx;
  const ended = await tx.widgetSession.findMany({
    where: { workspaceId: scope.workspaceId, ...where },
    select: { id: true, userId: true },
  });
  if (ended.length === 0) return 0;
  await tx.widgetSession.deleteMany({ where: { id: { in: ended.map((s) => s.id) } } });
  ctx.afterCommit(async () => {
    for (const s of ended)
      await ctx.deps.events.publish({
        type: 'session:revoked',
        sessionId: s.id,
        userId: s.userId,
        reason: 'revoked',
      });
  });
  return ended.length;
}

export async function updateWidget(ctx: ServiceCtx, patch: z.infer<typeof widgetUpdateInput>) {
  const { tx, scope } = ctx;
  const { all } = await current(ctx);
  const widget: WidgetSettings = {
    ...all.widget,
    ...patch,
    appearance: { ...all.widget.appearance, ...patch.appearance },
    privacy: { ...all.widget.privacy, ...patch.privacy },
  };
  // Consent to nothing is no consent: a required one needs a notice to agree to.
  if (widget.privacy.requireConsent && !widget.privacy.noticeText && !widget.privacy.noticeUrl)
    throw new AppError('VALIDATION', 'Write the privacy notice (or link it) before requiring consent', {
      fieldErrors: { 'privacy.requireConsent': ['Needs a notice to agree to'] },
    });
  await tx.workspace.update({ where: { id: scope.workspaceId }, data: { settings: { ...all, widget } } });
  ctx.afterCommit(() => {
    ctx.deps.settings.forget(scope.workspaceId);
    ctx.deps.frames.forget(scope.workspaceId);
  });
  let ended = 0;
  if (!widget.enabled) ended = await endSessions(ctx, {});
  else {
    ended += await endSessions(ctx, { hostOrigin: { notIn: widget.allowedOrigins } });
    if (!widget.anonymous) {
      const anonymous = await tx.widgetVisitor.findMany({
        where: { workspaceId: scope.workspaceId, externalId: { startsWith: 'a:' } },
        select: { userId: true },
      });
      ended += await endSessions(ctx, { userId: { in: anonymous.map((v) => v.userId) } });
    }
  }
  await audit(
    ctx,
    'widget.update',
    { type: 'workspace', id: scope.workspaceId },
    {
      enabled: widget.enabled,
      anonymous: widget.anonymous,
      allowedOrigins: widget.allowedOrigins,
      requireConsent: widget.privacy.requireConsent,
      sessionsEnded: ended,
    },
  );
  return output(ctx, widget);
}

/** A new identity secret, shown once. Sessions begun under the old one end: it may have leaked. */
export async function rotateWidgetSecret(ctx: ServiceCtx): Promise<z.infer<typeof widgetSecretOutput>> {
  const { secret, rotatedAt } = await newSecret(ctx.deps.keys, ctx.tx, ctx.scope.workspaceId);
  const ended = await endSessions(ctx, {});
  await audit(
    ctx,
    'widget.secret_rotated',
    { type: 'workspace', id: ctx.scope.workspaceId },
    { sessionsEnded: ended },
  );
  return { secret, rotatedAt: iso(rotatedAt) };
}
