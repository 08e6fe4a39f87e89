import { z } from 'zod';
import { RECORD_TYPE } from '../../../shared/record-links';
import { opaqueId, singleLine, text, uuidInput } from '../../lib/text';

export const channelName = text()
  .trim()
  .toLowerCase()
  .min(1, 'Required')
  .max(80, 'At most 80 characters')
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Lower-case letters, digits, - and _; start with a letter or digit');
const topic = singleLine(0, 250);
const description = singleLine(0, 1000);
const channelId = uuidInput();

export const createChannelInput = z.object({
  name: channelName,
  topic: topic.optional(),
  description: description.optional(),
  isPrivate: z.boolean().default(false),
});
export const channelRef = z.object({ channelId });
export const updateChannelInput = z.object({
  channelId,
  name: channelName.optional(),
  topic: topic.optional(),
  description: description.optional(),
});
export const archiveChannelInput = z.object({ channelId, archived: z.boolean() });
export const channelMemberInput = z.object({ channelId, userId: opaqueId(64) });
export const listChannelsInput = z.object({ includeArchived: z.boolean().default(false) });

export const channelOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  topic: z.string(),
  description: z.string(),
  isPrivate: z.boolean(),
  isDefault: z.boolean(),
  archivedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  memberCount: z.number().int(),
  /** The caller's unread messages and unread mentions (listings and get; absent elsewhere). */
  unread: z.number().int().optional(),
  mentions: z.number().int().optional(),
  /** The caller's role in the channel, or null when not a member (public channels). */
  myRole: z.enum(['member', 'moderator']).nullable(),
});
export type ChannelOutput = z.infer<typeof channelOutput>;

export const channelMemberOutput = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(['member', 'moderator']),
  joinedAt: z.iso.datetime(),
});

// ------------------------------------------------------------ direct and group conversations

/** The other participants (the caller is always included): one for a DM, up to seven for a group. */
export const openDirectInput = z.object({ userIds: z.array(opaqueId(64)).min(1).max(7) });
export const directOutput = z.object({
  id: z.uuid(),
  kind: z.enum(['dm', 'group']),
  participants: z.array(z.object({ userId: z.string(), name: z.string() })),
  createdAt: z.iso.datetime(),
  /** The caller's unread messages and unread mentions (listings and get; absent elsewhere). */
  unread: z.number().int().optional(),
  mentions: z.number().int().optional(),
});
export type DirectOutput = z.infer<typeof directOutput>;

// ------------------------------------------------------------ record-linked conversations

const subjectType = text()
  .min(1, 'Required')
  .max(40, 'At most 40 characters')
  .regex(RECORD_TYPE, 'Lower-case letters, digits, _ . and -; start with a letter');
export const subjectRef = z.object({ type: subjectType, id: opaqueId(128) });
export const getOrCreateBySubjectInput = z.object({
  subject: subjectRef,
  title: singleLine(1, 120).optional(),
});
export const listBySubjectInput = z.object({ type: subjectType });
export const subjectConversationOutput = z.object({
  id: z.uuid(),
  subject: z.object({ type: z.string(), id: z.string() }),
  title: z.string(),
  createdAt: z.iso.datetime(),
  memberCount: z.number().int(),
  joined: z.boolean(),
  /** The caller's unread messages and unread mentions (listings and get; absent elsewhere). */
  unread: z.number().int().optional(),
  mentions: z.number().int().optional(),
  /** Listings only: the latest message is from a widget visitor, so nobody has answered it yet. */
  awaitingReply: z.boolean().optional(),
});
export const subjectTypesOutput = z.array(z.object({ type: z.string(), conversations: z.number().int() }));
export type SubjectConversationOutput = z.infer<typeof subjectConversationOutput>;
