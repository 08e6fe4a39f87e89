import { Prisma } from '../../db/generated/client';

/** A message row as raw SQL returns it, with its reactions aggregated as JSON. */
export type RawRow = {
  id: string;
  workspace_id: string;
  conversation_id: string;
  seq: bigint;
  rev: bigint;
  author_id: string | null;
  client_msg_id: string;
  parent_id: string | null;
  depth: number;
  body: Uint8Array<ArrayBuffer> | null;
  key_version: number;
  mentions: string[];
  mention_channel: boolean;
  mention_here: boolean;
  reply_count: number;
  last_reply_at: Date | null;
  thread_participants: string[];
  pinned_at: Date | null;
  pinned_by: string | null;
  edited_at: Date | null;
  corrected_at: Date | null;
  deleted_at: Date | null;
  created_at: Date;
  file_ids: string[];
  event: string | null;
  event_user_id: string | null;
  reactions: { emoji: string; userId: string; createdAt: string }[];
};

export const fromRaw = (r: RawRow) => ({
  id: r.id,
  workspaceId: r.workspace_id,
  conversationId: r.conversation_id,
  seq: r.seq,
  rev: r.rev,
  authorId: r.author_id,
  clientMsgId: r.client_msg_id,
  parentId: r.parent_id,
  depth: r.depth,
  body: r.body,
  keyVersion: r.key_version,
  searchTokens: [],
  bodyMac: null,
  mentions: r.mentions,
  mentionChannel: r.mention_channel,
  mentionHere: r.mention_here,
  replyCount: r.reply_count,
  lastReplyAt: r.last_reply_at,
  threadParticipants: r.thread_participants,
  pinnedAt: r.pinned_at,
  pinnedBy: r.pinned_by,
  editedAt: r.edited_at,
  correctedAt: r.corrected_at,
  deletedAt: r.deleted_at,
  createdAt: r.created_at,
  fileIds: r.file_ids,
  event: r.event,
  eventUserId: r.event_user_id,
  reactions: r.reactions.map((x) => ({ emoji: x.emoji, userId: x.userId, createdAt: new Date(x.createdAt) })),
});

/** The columns of a message a view needs, and its reactions, for raw queries over `message m`. */
export const messageColumns = Prisma.sql`m.id, m.workspace_id, m.conversation_id, m.seq, m.rev, m.author_id,
  m.client_msg_id, m.parent_id, m.depth, m.body, m.key_version, m.mentions, m.mention_channel, m.mention_here,
  m.reply_count, m.last_reply_at, m.thread_participants, m.pinned_at, m.pinned_by, m.edited_at, m.corrected_at,
  m.deleted_at, m.created_at, m.file_ids, m.event, m.event_user_id,
  COALESCE((SELECT json_agg(json_build_object('emoji', r.emoji, 'userId', r.user_id, 'createdAt', r.created_at))
    FROM message_reaction r WHERE r.workspace_id = m.workspace_id AND r.message_id = m.id), '[]'::json) AS reactions`;
