import { z } from 'zod';
import {
  archiveChannelInput,
  channelMemberInput,
  channelMemberOutput,
  channelOutput,
  channelRef,
  createChannelInput,
  directOutput,
  getOrCreateBySubjectInput,
  listBySubjectInput,
  openDirectInput,
  subjectConversationOutput,
  listChannelsInput,
  updateChannelInput,
} from '../../domain/channel/schemas';
import {
  addChannelMember,
  archiveChannel,
  createChannel,
  getChannel,
  joinChannel,
  leaveChannel,
  listChannelMembers,
  listChannels,
  removeChannelMember,
  updateChannel,
} from '../../domain/channel/service';
import { listDirect, openDirect } from '../../domain/channel/direct';
import { getOrCreateBySubject, listBySubject } from '../../domain/channel/subject';
import { router } from '../init';
import { workspaceProcedure } from '../procedures';

const tags = ['channel'];
const base = '/workspaces/{workspaceId}/channels';
const ok = z.object({ ok: z.literal(true) });

// Guests reach only channels they were added to (the service decides per channel); creating and
// joining channels takes at least the member role.
export const channelRouter = router({
  list: workspaceProcedure({ role: 'guest' })
    .meta({ openapi: { method: 'GET', path: base, tags, protect: true } })
    .input(listChannelsInput)
    .output(z.array(channelOutput))
    .query(({ ctx, input }) => listChannels(ctx, input)),

  get: workspaceProcedure({ role: 'guest' })
    .meta({ openapi: { method: 'GET', path: `${base}/{channelId}`, tags, protect: true } })
    .input(channelRef)
    .output(channelOutput)
    .query(({ ctx, input }) => getChannel(ctx, input)),

  create: workspaceProcedure({ role: 'member' })
    .meta({ openapi: { method: 'POST', path: base, tags, protect: true } })
    .input(createChannelInput)
    .output(channelOutput)
    .mutation(({ ctx, input }) => createChannel(ctx, input)),

  update: workspaceProcedure({ role: 'member' })
    .meta({ openapi: { method: 'PATCH', path: `${base}/{channelId}`, tags, protect: true } })
    .input(updateChannelInput)
    .output(channelOutput)
    .mutation(({ ctx, input }) => updateChannel(ctx, input)),

  archive: workspaceProcedure({ role: 'member' })
    .meta({ openapi: { method: 'POST', path: `${base}/{channelId}/archive`, tags, protect: true } })
    .input(archiveChannelInput)
    .output(channelOutput)
    .mutation(({ ctx, input }) => archiveChannel(ctx, input)),

  join: workspaceProcedure({ role: 'member' })
    .meta({ openapi: { method: 'POST', path: `${base}/{channelId}/join`, tags, protect: true } })
    .input(channelRef)
    .output(channelOutput)
    .mutation(({ ctx, input }) => joinChannel(ctx, input)),

  leave: workspaceProcedure({ role: 'guest' })
    .meta({ openapi: { method: 'POST', path: `${base}/{channelId}/leave`, tags, protect: true } })
    .input(channelRef)
    .output(ok)
    .mutation(({ ctx, input }) => leaveChannel(ctx, input)),

  members: workspaceProcedure({ role: 'guest' })
    .meta({ openapi: { method: 'GET', path: `${base}/{channelId}/members`, tags, protect: true } })
    .input(channelRef)
    .output(z.array(channelMemberOutput))
    .query(({ ctx, input }) => listChannelMembers(ctx, input)),

  addMember: workspaceProcedure({ role: 'member' })
    .meta({ openapi: { method: 'PUT', path: `${base}/{channelId}/members/{userId}`, tags, protect: true } })
    .input(channelMemberInput)
    .output(ok)
    .mutation(({ ctx, input }) => addChannelMember(ctx, input)),

  removeMember: workspaceProcedure({ role: 'member' })
    .meta({
      openapi: { method: 'DELETE', path: `${base}/{channelId}/members/{userId}`, tags, protect: true },
    })
    .input(channelMemberInput)
    .output(ok)
    .mutation(({ ctx, input }) => removeChannelMember(ctx, input)),

  openDirect: workspaceProcedure({ role: 'guest' })
    .meta({ openapi: { method: 'POST', path: '/workspaces/{workspaceId}/direct', tags, protect: true } })
    .input(openDirectInput)
    .output(directOutput)
    .mutation(({ ctx, input }) => openDirect(ctx, input)),

  listDirect: workspaceProcedure({ role: 'guest' })
    .meta({ openapi: { method: 'GET', path: '/workspaces/{workspaceId}/direct', tags, protect: true } })
    .output(z.array(directOutput))
    .query(({ ctx }) => listDirect(ctx)),

  getOrCreateBySubject: workspaceProcedure({ role: 'member' })
    .meta({ openapi: { method: 'POST', path: '/workspaces/{workspaceId}/subjects', tags, protect: true } })
    .input(getOrCreateBySubjectInput)
    .output(subjectConversationOutput)
    .mutation(({ ctx, input }) => getOrCreateBySubject(ctx, input)),

  listBySubject: workspaceProcedure({ role: 'member' })
    .meta({
      openapi: { method: 'GET', path: '/workspaces/{workspaceId}/subjects/{type}', tags, protect: true },
    })
    .input(listBySubjectInput)
    .output(z.array(subjectConversationOutput))
    .query(({ ctx, input }) => listBySubject(ctx, input)),
});
