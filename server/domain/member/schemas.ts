import { z } from 'zod';
import { presenceStatus } from '../presence/schemas';
import { invitable } from '../../../shared/roles';
import { roleSchema } from '../../../shared/schemas';
import { opaqueId, text, uuidInput } from '../../lib/text';

export const userIdInput = opaqueId(64);
export const inviteInput = z.object({
  role: roleSchema.refine(invitable, 'Invite as admin, then promote'),
  email: z.email().max(254).optional(),
});
export const acceptInput = z.object({ token: text().min(10).max(200) });
export const changeRoleInput = z.object({ userId: userIdInput, role: roleSchema });
export const removeInput = z.object({ userId: userIdInput });
export const revokeInvitationInput = z.object({ invitationId: uuidInput() });
/** Widget visitors are left out unless asked for: staff pickers must not offer them by accident. */
export const listMembersInput = z.object({ includeVisitors: z.boolean().default(false) });

export const memberOutput = z.object({
  userId: z.string(),
  name: z.string(),
  /** The avatar colour they chose (shared/avatar-colours.ts), null for the one from their id. */
  avatarColour: z.string().nullable(),
  email: z.string().nullable(),
  role: roleSchema,
  /** Chats through the embeddable widget (a guest with no sign-in of its own). */
  visitor: z.boolean(),
  joinedAt: z.iso.datetime(),
  /** Connected now (any socket), and when the member last was: for "last seen". */
  online: z.boolean(),
  /** Their presence as they set it (online, away, do not disturb) and their status text. */
  status: presenceStatus,
  statusText: z.string().nullable(),
  lastSeenAt: z.iso.datetime().nullable(),
  /** Until when they are in quarantine here (admins see it; null for everyone else). */
  quarantinedUntil: z.iso.datetime().nullable(),
});
export const invitationOutput = z.object({
  id: z.uuid(),
  email: z.string().nullable(),
  role: roleSchema,
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
});
export const createdInvitationOutput = invitationOutput.extend({ token: z.string(), url: z.string() });
export const acceptOutput = z.object({ workspaceId: z.uuid(), slug: z.string(), role: roleSchema });

/** What an invitation says to the person holding its link, before they accept it. */
export const invitationPreviewOutput = z.object({
  workspaceName: z.string(),
  role: roleSchema,
  invitedBy: z.string(),
  /** Sent to one address (the invitee must hold it); null for a link anyone may use. */
  email: z.string().nullable(),
  expiresAt: z.iso.datetime(),
  state: z.enum(['open', 'used', 'expired']),
});
