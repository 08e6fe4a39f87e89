import type { z } from 'zod';
import { notFound } from '../../lib/errors';
import { hashToken, parseScopedToken } from '../../lib/scoped-token';
import { iso } from '../../lib/time';
import type { Deps } from '../deps';
import type { acceptInput, invitationPreviewOutput } from './schemas';

/**
 * Who invited the link's holder to which workspace with which role, so the invitation page can say
 * it before they accept. The token is the secret: whoever holds it may read this much, no more.
 * Revoked invitations and archived workspaces read as not found, as accepting them would.
 */
export async function invitationPreview(
  deps: Pick<Deps, 'tenants'>,
  input: z.infer<typeof acceptInput>,
): Promise<z.infer<typeof invitationPreviewOutput>> {
  const parsed = parseScopedToken('inv', input.token);
  if (!parsed) throw notFound('Invitation');
  return deps.tenants.system(parsed.workspaceId, async (tx, workspaceId) => {
    const inv = await tx.invitation.findFirst({ where: { workspaceId, tokenHash: hashToken(input.token) } });
    if (!inv || inv.revokedAt) throw notFound('Invitation');
    const [ws, inviter] = await Promise.all([
      tx.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, archivedAt: true } }),
      tx.user.findUnique({ where: { id: inv.invitedBy }, select: { name: true } }),
    ]);
    if (!ws || ws.archivedAt) throw notFound('Invitation');
    return {
      workspaceName: ws.name,
      role: inv.role,
      invitedBy: inviter?.name ?? 'A former member',
      email: inv.email,
      expiresAt: iso(inv.expiresAt),
      state: inv.acceptedAt ? 'used' : inv.expiresAt <= new Date() ? 'expired' : 'open',
    };
  });
}
