import { z } from 'zod';
import {
  acceptInput,
  acceptOutput,
  changeRoleInput,
  createdInvitationOutput,
  invitationOutput,
  invitationPreviewOutput,
  inviteInput,
  listMembersInput,
  memberOutput,
  removeInput,
  revokeInvitationInput,
} from '../../domain/member/schemas';
import {
  acceptInvitation,
  changeRole,
  invite,
  leave,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
} from '../../domain/member/service';
import { invitationPreview } from '../../domain/member/invitation-preview';
import { roleSchema } from '../../../shared/schemas';
import { endpoints, type Route } from '../endpoint';
import { router } from '../init';
import { authedProcedure } from '../procedures';

const api = endpoints('member');
const ws = '/workspaces/{workspaceId}';
const inv = `${ws}/invitations`;
const ok = z.object({ ok: z.literal(true) });
const roleChanged = z.object({ userId: z.string(), role: roleSchema });
const reader = { role: 'guest', scope: 'members:read' } as const;
const inviteReader = { role: 'admin', scope: 'members:read' } as const;
const manager = { role: 'admin', scope: 'members:write' } as const;
const members: Route = {
  path: `${ws}/members`,
  description:
    'The members of the workspace. Widget visitors (guests who chat through the embeddable widget) are left out unless includeVisitors=true; each member says whether it is a visitor.',
};

export const memberRouter = router({
  list: api.get(reader, members, listMembersInput, z.array(memberOutput), listMembers),
  invitations: api.get(inviteReader, inv, null, z.array(invitationOutput), listInvitations),
  invite: api.post(manager, inv, inviteInput, createdInvitationOutput, invite),
  revokeInvitation: api.delete(manager, `${inv}/{invitationId}`, revokeInvitationInput, ok, revokeInvitation),

  accept: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/invitations/accept', tags: ['member'], protect: true } })
    .input(acceptInput)
    .output(acceptOutput)
    .mutation(({ ctx, input }) =>
      acceptInvitation(ctx.rt, { userId: ctx.actor.userId, email: ctx.actor.email }, input, ctx.meta),
    ),

  // The invitation page reads this before accepting; the token in the link is the credential.
  invitation: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/invitations/preview', tags: ['member'], protect: true } })
    .input(acceptInput)
    .output(invitationPreviewOutput)
    .query(({ ctx, input }) => invitationPreview(ctx.rt, input)),

  changeRole: api.patch(manager, `${ws}/members/{userId}`, changeRoleInput, roleChanged, changeRole),
  remove: api.delete(manager, `${ws}/members/{userId}`, removeInput, ok, removeMember),
  leave: api.post({ role: 'guest' }, `${ws}/leave`, null, ok, leave),
});
