import { z } from 'zod';
import {
  acceptInput,
  acceptOutput,
  changeRoleInput,
  createdInvitationOutput,
  invitationOutput,
  inviteInput,
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
import { roleSchema } from '../../../shared/schemas';
import { router } from '../init';
import { authedProcedure, workspaceProcedure } from '../procedures';

const tags = ['member'];
const ok = z.object({ ok: z.literal(true) });

export const memberRouter = router({
  list: workspaceProcedure({ role: 'guest', scope: 'members:read' })
    .meta({ openapi: { method: 'GET', path: '/workspaces/{workspaceId}/members', tags, protect: true } })
    .output(z.array(memberOutput))
    .query(({ ctx }) => listMembers(ctx)),

  invitations: workspaceProcedure({ role: 'admin', scope: 'members:read' })
    .meta({ openapi: { method: 'GET', path: '/workspaces/{workspaceId}/invitations', tags, protect: true } })
    .output(z.array(invitationOutput))
    .query(({ ctx }) => listInvitations(ctx)),

  invite: workspaceProcedure({ role: 'admin', scope: 'members:write' })
    .meta({ openapi: { method: 'POST', path: '/workspaces/{workspaceId}/invitations', tags, protect: true } })
    .input(inviteInput)
    .output(createdInvitationOutput)
    .mutation(({ ctx, input }) => invite(ctx, input)),

  revokeInvitation: workspaceProcedure({ role: 'admin', scope: 'members:write' })
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/workspaces/{workspaceId}/invitations/{invitationId}',
        tags,
        protect: true,
      },
    })
    .input(revokeInvitationInput)
    .output(ok)
    .mutation(({ ctx, input }) => revokeInvitation(ctx, input)),

  accept: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/invitations/accept', tags, protect: true } })
    .input(acceptInput)
    .output(acceptOutput)
    .mutation(({ ctx, input }) =>
      acceptInvitation(ctx.rt, { userId: ctx.actor.userId, email: ctx.actor.email }, input, ctx.meta),
    ),

  changeRole: workspaceProcedure({ role: 'admin', scope: 'members:write' })
    .meta({
      openapi: { method: 'PATCH', path: '/workspaces/{workspaceId}/members/{userId}', tags, protect: true },
    })
    .input(changeRoleInput)
    .output(z.object({ userId: z.string(), role: roleSchema }))
    .mutation(({ ctx, input }) => changeRole(ctx, input)),

  remove: workspaceProcedure({ role: 'admin', scope: 'members:write' })
    .meta({
      openapi: { method: 'DELETE', path: '/workspaces/{workspaceId}/members/{userId}', tags, protect: true },
    })
    .input(removeInput)
    .output(ok)
    .mutation(({ ctx, input }) => removeMember(ctx, input)),

  leave: workspaceProcedure({ role: 'guest' })
    .meta({ openapi: { method: 'POST', path: '/workspaces/{workspaceId}/leave', tags, protect: true } })
    .output(ok)
    .mutation(({ ctx }) => leave(ctx)),
});
