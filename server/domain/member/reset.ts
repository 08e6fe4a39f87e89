import { forbidden, notFound } from '../../lib/errors';
import { canManageMember } from '../../../shared/roles';
import { audit } from '../audit/append';
import type { ServiceCtx } from '../scope';

/**
 * Session reset, for an account that may be in the wrong hands: every sign-in of the person ends
 * (on every node, sockets included), the API keys they made in this workspace are revoked, and a
 * widget visitor's sessions end. Their sign-ins are the deployment's, so this signs them out
 * everywhere; only admins who may manage the member can do it, never to themselves.
 */
export async function resetSessions(ctx: ServiceCtx, input: { userId: string }) {
  const { tx, scope, deps } = ctx;
  const ws = scope.workspaceId;
  if (input.userId === scope.userId)
    throw forbidden('Sign yourself out everywhere from your account page instead');
  const target = await tx.member.findUnique({
    where: { workspaceId_userId: { workspaceId: ws, userId: input.userId } },
    select: { userId: true, role: true },
  });
  if (!target) throw notFound('Member');
  if (!canManageMember(scope.role, target.role)) throw forbidden('You cannot reset this member’s sessions');
  const now = new Date();
  const [keys, widgetSessions] = await Promise.all([
    tx.apiKey.updateMany({
      where: { workspaceId: ws, createdBy: target.userId, revokedAt: null },
      data: { revokedAt: now },
    }),
    tx.widgetSession.deleteMany({ where: { workspaceId: ws, userId: target.userId } }),
  ]);
  const sessions = await deps.identity.revokeSessions(target.userId);
  const result = { sessions, apiKeys: keys.count, widgetSessions: widgetSessions.count };
  await audit(ctx, 'member.sessions_reset', { type: 'user', id: target.userId }, result);
  // A visitor's sockets hold a widget session, not a sign-in: they are closed here, on every node.
  ctx.afterCommit(() =>
    deps.events.publish({
      type: 'session:revoked',
      userId: target.userId,
      sessionId: null,
      reason: 'revoked',
    }),
  );
  return result;
}
