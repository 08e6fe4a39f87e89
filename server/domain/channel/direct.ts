import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { iso } from '../../lib/time';
import type { ServiceCtx } from '../scope';
import { refuseVisitors } from '../widget/visitors-among';
import { withCounts } from './counts';
import type { DirectOutput, openDirectInput } from './schemas';

const MAX_PARTICIPANTS = 8;

const dmKey = (userIds: string[]) =>
  createHash('sha256')
    .update([...userIds].sort().join('\n'))
    .digest('hex');

const participantsInclude = {
  members: {
    include: { member: { include: { user: { select: { name: true } } } } },
    orderBy: { joinedAt: 'asc' },
  },
} as const;

type Row = {
  id: string;
  kind: string;
  createdAt: Date;
  members: { userId: string; member: { user: { name: string } } }[];
};
const toOutput = (r: Row): DirectOutput => ({
  id: r.id,
  kind: r.kind === 'dm' ? 'dm' : 'group',
  participants: r.members.map((m) => ({ userId: m.userId, name: m.member.user.name })),
  createdAt: iso(r.createdAt),
});

/**
 * Opens the direct (two people) or group (three to eight) conversation of exactly these people,
 * creating it on first use: the same people always get the same conversation back.
 */
export async function openDirect(
  ctx: ServiceCtx,
  input: z.infer<typeof openDirectInput>,
): Promise<DirectOutput> {
  const me = ctx.scope.userId;
  if (!me) throw forbidden('Direct messages are for people; API keys cannot open them');
  const people = [...new Set([me, ...input.userIds])];
  if (people.length < 2) throw new AppError('BAD_REQUEST', 'Name at least one other person');
  if (people.length > MAX_PARTICIPANTS)
    throw new AppError('BAD_REQUEST', `At most ${MAX_PARTICIPANTS} people`);
  const { tx, scope } = ctx;
  const members = await tx.member.count({
    where: { workspaceId: scope.workspaceId, userId: { in: people } },
  });
  if (members !== people.length) throw notFound('Member');
  await refuseVisitors(tx, scope.workspaceId, people, 'in direct messages');
  const key = dmKey(people);
  const existing = await tx.conversation.findFirst({
    where: { workspaceId: scope.workspaceId, dmKey: key },
    include: participantsInclude,
  });
  if (existing) return toOutput(existing);
  // Insert-on-conflict: two people opening the same conversation at once both get the one that
  // commits first (the loser's insert waits for it, then finds its row).
  const id = randomUUID();
  const kind = people.length === 2 ? 'dm' : 'group';
  const created = await tx.conversation.createMany({
    data: [{ id, workspaceId: scope.workspaceId, kind, dmKey: key, createdBy: me }],
    skipDuplicates: true,
  });
  if (created.count === 1) {
    await tx.conversationMember.createMany({
      data: people.map((userId) => ({ workspaceId: scope.workspaceId, conversationId: id, userId })),
    });
    // The others' sidebars list it now, not on their next poll.
    ctx.afterCommit(() =>
      ctx.deps.events.publish({
        type: 'conversation:new',
        workspaceId: scope.workspaceId,
        conversationId: id,
        kind,
        audience: people,
      }),
    );
  }
  const row = await tx.conversation.findFirst({
    where: { workspaceId: scope.workspaceId, dmKey: key },
    include: participantsInclude,
  });
  if (!row) throw new AppError('UNAVAILABLE', 'The conversation could not be opened; retry');
  return toOutput(row);
}

/** The direct and group conversations the caller is in, newest first. */
export async function listDirect(ctx: ServiceCtx): Promise<DirectOutput[]> {
  const me = ctx.scope.userId;
  if (!me) throw forbidden('Direct messages are for people; API keys cannot list them');
  const rows = await ctx.tx.conversation.findMany({
    where: {
      workspaceId: ctx.scope.workspaceId,
      kind: { in: ['dm', 'group'] },
      members: { some: { userId: me } },
    },
    include: participantsInclude,
    orderBy: { createdAt: 'desc' },
  });
  return withCounts(ctx, rows.map(toOutput));
}
