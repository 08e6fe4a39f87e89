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
  subjectTypesOutput,
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
import { getOrCreateBySubject, listBySubject, listSubjectTypes } from '../../domain/channel/subject';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('channel');
const base = '/workspaces/{workspaceId}/channels';
const one = `${base}/{channelId}`;
const direct = '/workspaces/{workspaceId}/direct';
const subjects = '/workspaces/{workspaceId}/subjects';
const ok = z.object({ ok: z.literal(true) });
const guest = { role: 'guest' } as const;
const member = { role: 'member' } as const;

// Guests reach only channels they were added to (the service decides per channel); creating and
// joining channels takes at least the member role.
export const channelRouter = router({
  list: api.get(guest, base, listChannelsInput, z.array(channelOutput), listChannels),
  get: api.get(guest, one, channelRef, channelOutput, getChannel),
  create: api.post(member, base, createChannelInput, channelOutput, createChannel),
  update: api.patch(member, one, updateChannelInput, channelOutput, updateChannel),
  archive: api.post(member, `${one}/archive`, archiveChannelInput, channelOutput, archiveChannel),
  join: api.post(member, `${one}/join`, channelRef, channelOutput, joinChannel),
  leave: api.post(guest, `${one}/leave`, channelRef, ok, leaveChannel),
  members: api.get(guest, `${one}/members`, channelRef, z.array(channelMemberOutput), listChannelMembers),
  addMember: api.put(member, `${one}/members/{userId}`, channelMemberInput, ok, addChannelMember),
  removeMember: api.delete(member, `${one}/members/{userId}`, channelMemberInput, ok, removeChannelMember),
  openDirect: api.post(guest, direct, openDirectInput, directOutput, openDirect),
  listDirect: api.get(guest, direct, null, z.array(directOutput), listDirect),
  getOrCreateBySubject: api.post(
    member,
    subjects,
    getOrCreateBySubjectInput,
    subjectConversationOutput,
    getOrCreateBySubject,
  ),
  subjectTypes: api.get(member, subjects, null, subjectTypesOutput, listSubjectTypes),
  listBySubject: api.get(
    member,
    `${subjects}/{type}`,
    listBySubjectInput,
    z.array(subjectConversationOutput),
    listBySubject,
  ),
});
