import { createHash } from 'node:crypto';
import type { Tx } from '../../db/client';
import { AppError, forbidden } from '../../lib/errors';
import { audit } from '../audit/append';
import type { ServiceCtx } from '../scope';
import type { WidgetSettings } from '../workspace/settings';

type Privacy = WidgetSettings['privacy'];

/** Names one version of the notice (its text and link): a consent holds for the notice it was given to. */
export const noticeOf = (p: Privacy) =>
  createHash('sha256')
    .update(`${p.noticeText}\n${p.noticeUrl ?? ''}`)
    .digest('hex')
    .slice(0, 32);

/** The refusal for a visitor who has not agreed to the current notice where consent is required. */
export const consentRefusal = () =>
  new AppError('CONSENT_REQUIRED', 'Agree to the privacy notice before you chat');

/**
 * Which of these visitors may not chat yet: consent is required and they have not agreed to the
 * notice now in force. Empty when the workspace does not require consent.
 */
export async function withoutConsent(
  tx: Tx,
  workspaceId: string,
  privacy: Privacy,
  visitorIds: readonly string[],
) {
  if (!privacy.requireConsent || visitorIds.length === 0) return new Set<string>();
  const notice = noticeOf(privacy);
  const agreed = await tx.widgetVisitor.findMany({
    where: { workspaceId, userId: { in: [...new Set(visitorIds)] }, consentNotice: notice },
    select: { userId: true },
  });
  const ok = new Set(agreed.map((a) => a.userId));
  return new Set(visitorIds.filter((id) => !ok.has(id)));
}

/** What the visitor agreed to, and whether that is the notice now in force. */
export async function consentOf(tx: Tx, workspaceId: string, userId: string, privacy: Privacy) {
  const row = await tx.widgetVisitor.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { consentedAt: true, consentNotice: true },
  });
  return {
    required: privacy.requireConsent,
    at: row?.consentedAt?.toISOString() ?? null,
    current: row?.consentNotice === noticeOf(privacy),
  };
}

/**
 * Records the visitor's agreement to the notice they were shown (`notice`, from the widget's
 * config); one that has changed since is a CONFLICT, so they read the new one first. Audited.
 */
export async function giveConsent(ctx: ServiceCtx, input: { notice: string }) {
  const a = ctx.scope.actor;
  if (a.kind !== 'visitor') throw forbidden('Only widget visitors give consent here');
  const { tx, scope, deps } = ctx;
  const { privacy } = (await deps.settings.read(tx, scope.workspaceId)).widget;
  if (!privacy.noticeText && !privacy.noticeUrl)
    throw new AppError('CONFLICT', 'This workspace shows no privacy notice');
  const notice = noticeOf(privacy);
  if (input.notice !== notice)
    throw new AppError('CONFLICT', 'The privacy notice has changed: read it again');
  const row = await tx.widgetVisitor.update({
    where: { workspaceId_userId: { workspaceId: scope.workspaceId, userId: a.userId } },
    data: { consentedAt: new Date(), consentNotice: notice },
    select: { consentedAt: true },
  });
  await audit(ctx, 'widget.consent', { type: 'user', id: a.userId }, { notice });
  return {
    at: row.consentedAt?.toISOString() ?? new Date().toISOString(),
    current: true,
    required: privacy.requireConsent,
  };
}
