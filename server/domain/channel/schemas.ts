import { z } from 'zod';
import { opaqueId, singleLine } from '../../lib/text';

export const channelName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Required')
  .max(80, 'At most 80 characters')
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Lower-case letters, digits, - and _; start with a letter or digit');
const topic = singleLine(0, 250);
const description = singleLine(0, 1000);
const channelId = z.uuid();

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
