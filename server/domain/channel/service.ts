import { announceMembership } from '../message/membership';
import { notify } from '../notification/notify';
import type { z } from 'zod';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { AppError, forbidden, isUniqueViolation, notFound } from '../../lib/errors';
import { iso, isoOrNull } from '../../lib/time';
import type { ChannelChange } from '../events';
import { policyFields } from '../policy/fields';
import { audit } from '../audit/append';
import { atLeast } from '../../../shared/roles';
import type { ServiceCtx } from '../scope';
import { refuseVisitors } from '../widget/visitors-among';
import { withCounts } from './counts';
import type {
  archiveChannelInput,
  ChannelOutput,
  channelMemberInput,
  createChannelInput,
  listChannelsInput,
  updateChannelInput,
} from './schemas';

const GENERAL = { name: 'general', topic: 'Everyone in the workspace' };

type Row = {
  id: string;
  name: string | null;
  topic: string;
  description: string;
  isPrivate: boolean;
  isDefault: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  _count: { members: number };
  members: { role: 'member' | 'moderator' }[];
};

const toOutput = (r: Row): ChannelOutput => ({
  id: r.id,
  name: r.name ?? '',
  topic: r.topic,
  description: r.description,
  isPrivate: r.isPrivate,
  isDefault: r.isDefault,
  archivedAt: isoOrNull(r.archivedAt),
  createdAt: iso(r.createdAt),
  memberCount: r._count.members,
  myRole: r.members[0]?.role ?? null,
});

const withMine = (userId: string | null) => ({
  _count: { select: { members: true } },
  members: { where: { userId: userId ?? '' }, select: { role: true }, take: 1 },
});

function requireUser(ctx: ServiceCtx): string {
  if (!ctx.scope.userId) throw forbidden('Channels are for people; API keys cannot use them');
  return ctx.scope.userId;
}

/**
 * A channel the caller may see: any channel they are in, or a public one unless they are a guest.
 * Anything else is NOT_FOUND, so private channels do not reveal that they exist.
 */
async function visibleChannel(ctx: ServiceCtx, channelId: string) {
  const userId = requireUser(ctx);
  const row = await ctx.tx.conversation.findFirst({
    where: { id: channelId, workspaceId: ctx.scope.workspaceId, kind: 'channel' },
    include: withMine(userId),
  });
  if (!row) throw notFound('Channel');
  const mine = row.members[0] ?? null;
  if (!mine && (row.isPrivate || ctx.scope.role === 'guest')) throw notFound('Channel');
  return { row, mine, userId };
}

/** Channel moderators and workspace moderators (and above) manage a channel. */
function requireManager(ctx: ServiceCtx, mine: { role: string } | null) {
  if (!(atLeast(ctx.scope.role, 'moderator') || mine?.role === 'moderator')) {
    throw forbidden('Only channel moderators and workspace moderators can do that');
  }
}

async function announce(ctx: ServiceCtx, channelId: string, change: ChannelChange, removedUserId?: string) {
  const { tx, scope } = ctx;
  const row = await tx.conversation.findUniqueOrThrow({
    where: { id: channelId },
    include: { _count: { select: { members: true } }, members: { select: { userId: true } } },
  });
  const view = toOutput({ ...row, members: [] });
  // Private channels are announced to their members; public ones to every non-guest as well.
  const everyone = row.isPrivate
    ? []
    : await tx.member.findMany({
        where: { workspaceId: scope.workspaceId, role: { not: 'guest' } },
        select: { userId: true },
      });
  const audience = [
    ...new Set([...row.members, ...everyone].map((m) => m.userId).concat(removedUserId ?? [])),
  ];
  const workspaceId = scope.workspaceId;
  ctx.afterCommit(() =>
    ctx.deps.events.publish({
      type: 'channel:updated',
      workspaceId,
      channel: view,
      change,
      audience,
      ...(removedUserId && { removedUserId }),
    }),
  );
}

export async function listChannels(ctx: ServiceCtx, input: z.infer<typeof listChannelsInput>) {
  const userId = requireUser(ctx);
  const mineOnly = { members: { some: { userId } } };
  const rows = await ctx.tx.conversation.findMany({
    where: {
      workspaceId: ctx.scope.workspaceId,
      kind: 'channel',
      ...(input.includeArchived ? {} : { archivedAt: null }),
      OR: ctx.scope.role === 'guest' ? [mineOnly] : [{ isPrivate: false }, mineOnly],
    },
    include: withMine(userId),
    orderBy: [{ isDefault: 'desc' }, { name: 'asc' }],
  });
  return withCounts(ctx, rows.map(toOutput));
}

export async function getChannel(ctx: ServiceCtx, input: { channelId: string }) {
  const [out] = await withCounts(ctx, [toOutput((await visibleChannel(ctx, input.channelId)).row)]);
  if (!out) throw notFound('Channel');
  return out;
}

export async function createChannel(ctx: ServiceCtx, input: z.infer<typeof createChannelInput>) {
  const userId = requireUser(ctx);
  const { tx, scope } = ctx;
  const text = await policyFields(ctx, userId, null, {
    'channel.name': input.name,
    'channel.topic': input.topic ?? '',
    'channel.description': input.description ?? '',
  });
  try {
    const row = await tx.conversation.create({
      data: {
        workspaceId: scope.workspaceId,
        kind: 'channel',
        name: input.name,
        topic: text['channel.topic'] ?? '',
        description: text['channel.description'] ?? '',
        isPrivate: input.isPrivate,
        createdBy: userId,
        members: { create: { userId, role: 'moderator' } },
      },
      include: withMine(userId),
    });
    await audit(
      ctx,
      'channel.create',
      { type: 'channel', id: row.id },
      { name: input.name, private: input.isPrivate },
    );
    await announce(ctx, row.id, 'created');
    return toOutput(row);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError('CONFLICT', `#${input.name} already exists`, { fieldErrors: { name: ['Taken'] } });
    }
    throw e;
  }
}

export async function updateChannel(ctx: ServiceCtx, input: z.infer<typeof updateChannelInput>) {
  const { row, mine, userId } = await visibleChannel(ctx, input.channelId);
  requireManager(ctx, mine);
  if (row.archivedAt) throw new AppError('CONFLICT', 'Unarchive the channel first');
  if (row.isDefault && input.name !== undefined && input.name !== row.name) {
    throw new AppError('BAD_REQUEST', `#${row.name} cannot be renamed`);
  }
  if (input.name === undefined && input.topic === undefined && input.description === undefined)
    throw new AppError('VALIDATION', 'Nothing to change');
  const text = await policyFields(ctx, userId, row.id, {
    'channel.name': input.name,
    'channel.topic': input.topic,
    'channel.description': input.description,
  });
  const changes = {
    ...(input.name !== undefined && { name: input.name }),
    ...(text['channel.topic'] !== undefined && { topic: text['channel.topic'] }),
    ...(text['channel.description'] !== undefined && { description: text['channel.description'] }),
  };
  try {
    const updated = await ctx.tx.conversation.update({
      where: { id: row.id },
      data: changes,
      include: withMine(userId),
    });
    await audit(ctx, 'channel.update', { type: 'channel', id: row.id }, changes);
    await announce(ctx, row.id, 'updated');
    return toOutput(updated);
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('CONFLICT', `#${input.name ?? ''} already exists`, {
        fieldErrors: { name: ['Taken'] },
      });
    throw e;
  }
}

export async function archiveChannel(ctx: ServiceCtx, input: z.infer<typeof archiveChannelInput>) {
  const { row, mine, userId } = await visibleChannel(ctx, input.channelId);
  requireManager(ctx, mine);
  if (row.isDefault) throw new AppError('BAD_REQUEST', `#${row.name} cannot be archived`);
  const updated = await ctx.tx.conversation.update({
    where: { id: row.id },
    data: { archivedAt: input.archived ? (row.archivedAt ?? new Date()) : null },
    include: withMine(userId),
  });
  await audit(ctx, input.archived ? 'channel.archive' : 'channel.unarchive', { type: 'channel', id: row.id });
  await announce(ctx, row.id, input.archived ? 'archived' : 'unarchived');
  return toOutput(updated);
}

export async function joinChannel(ctx: ServiceCtx, input: { channelId: string }) {
  const { row, mine, userId } = await visibleChannel(ctx, input.channelId);
  if (mine) return toOutput(row);
  if (row.archivedAt) throw new AppError('CONFLICT', 'This channel is archived');
  // A second join racing this one (a double click, two tabs) finds the membership made.
  const joined = await ctx.tx.conversationMember.createMany({
    data: [{ workspaceId: ctx.scope.workspaceId, conversationId: row.id, userId }],
    skipDuplicates: true,
  });
  if (joined.count === 1) {
    await audit(ctx, 'channel.join', { type: 'channel', id: row.id });
    await announce(ctx, row.id, 'member_added');
    await announceMembership(ctx, row.id, 'joined', userId);
  }
  return getChannel(ctx, input);
}

export async function leaveChannel(ctx: ServiceCtx, input: { channelId: string }) {
  const { row, mine, userId } = await visibleChannel(ctx, input.channelId);
  if (!mine) throw new AppError('BAD_REQUEST', 'You are not in this channel');
  if (row.isDefault) throw new AppError('BAD_REQUEST', `Everyone stays in #${row.name}`);
  await ctx.tx.conversationMember.delete({
    where: {
      workspaceId_conversationId_userId: {
        workspaceId: ctx.scope.workspaceId,
        conversationId: row.id,
        userId,
      },
    },
  });
  await audit(ctx, 'channel.leave', { type: 'channel', id: row.id });
  await announce(ctx, row.id, 'member_removed', userId);
  await announceMembership(ctx, row.id, 'left', userId);
  return { ok: true as const };
}

export async function addChannelMember(ctx: ServiceCtx, input: z.infer<typeof channelMemberInput>) {
  const { row, mine } = await visibleChannel(ctx, input.channelId);
  requireManager(ctx, mine);
  if (row.archivedAt) throw new AppError('CONFLICT', 'This channel is archived');
  const target = await ctx.tx.member.findUnique({
    where: { workspaceId_userId: { workspaceId: ctx.scope.workspaceId, userId: input.userId } },
  });
  if (!target) throw notFound('Member');
  await refuseVisitors(ctx.tx, ctx.scope.workspaceId, [input.userId], 'added to channels');
  const already = await ctx.tx.conversationMember.findUnique({
    where: {
      workspaceId_conversationId_userId: {
        workspaceId: ctx.scope.workspaceId,
        conversationId: row.id,
        userId: input.userId,
      },
    },
  });
  await ctx.tx.conversationMember.upsert({
    where: {
      workspaceId_conversationId_userId: {
        workspaceId: ctx.scope.workspaceId,
        conversationId: row.id,
        userId: input.userId,
      },
    },
    create: { workspaceId: ctx.scope.workspaceId, conversationId: row.id, userId: input.userId },
    update: {},
  });
  await audit(ctx, 'channel.member_add', { type: 'user', id: input.userId }, { channelId: row.id });
  await announce(ctx, row.id, 'member_added');
  if (!already) await announceMembership(ctx, row.id, 'added', input.userId);
  // Someone else added them: they hear of it (their inbox, then push and email if unseen).
  if (!already && input.userId !== ctx.scope.userId) {
    const told = await notify(ctx.tx, ctx.scope.workspaceId, {
      userId: input.userId,
      kind: 'added',
      conversationId: row.id,
      messageId: null,
      seq: row.lastSeq,
      actorId: ctx.scope.userId,
    });
    ctx.afterCommit(() => ctx.deps.events.publish(told));
  }
  return { ok: true as const };
}

export async function removeChannelMember(ctx: ServiceCtx, input: z.infer<typeof channelMemberInput>) {
  const { row, mine } = await visibleChannel(ctx, input.channelId);
  requireManager(ctx, mine);
  if (row.isDefault) throw new AppError('BAD_REQUEST', `Everyone stays in #${row.name}`);
  const r = await ctx.tx.conversationMember.deleteMany({
    where: { workspaceId: ctx.scope.workspaceId, conversationId: row.id, userId: input.userId },
  });
  if (r.count === 0) throw notFound('Channel member');
  await audit(ctx, 'channel.member_remove', { type: 'user', id: input.userId }, { channelId: row.id });
  // The removed member still hears that they were removed from a private channel.
  await announce(ctx, row.id, 'member_removed', input.userId);
  await announceMembership(ctx, row.id, 'removed', input.userId);
  return { ok: true as const };
}

export async function listChannelMembers(ctx: ServiceCtx, input: { channelId: string }) {
  const { row } = await visibleChannel(ctx, input.channelId);
  const members = await ctx.tx.conversationMember.findMany({
    where: { workspaceId: ctx.scope.workspaceId, conversationId: row.id },
    include: { member: { include: { user: { select: { name: true } } } } },
    orderBy: { joinedAt: 'asc' },
  });
  return members.map((m) => ({
    userId: m.userId,
    name: m.member.user.name,
    role: m.role,
    joinedAt: iso(m.joinedAt),
  }));
}

/** #general for a new workspace, with its creator in it. */
export async function createDefaultChannel(tx: Tx, workspaceId: WorkspaceId, ownerId: string) {
  await tx.conversation.create({
    data: {
      workspaceId,
      kind: 'channel',
      ...GENERAL,
      isDefault: true,
      createdBy: ownerId,
      members: { create: { userId: ownerId } },
    },
  });
}

/** Every member but guests joins #general (guests see only channels they are added to). */
export async function joinDefaultChannel(tx: Tx, workspaceId: WorkspaceId, userId: string) {
  const general = await tx.conversation.findFirst({
    where: { workspaceId, isDefault: true },
    select: { id: true },
  });
  if (!general) return;
  await tx.conversationMember.upsert({
    where: { workspaceId_conversationId_userId: { workspaceId, conversationId: general.id, userId } },
    create: { workspaceId, conversationId: general.id, userId },
    update: {},
  });
}
