import { notFound } from '../../lib/errors';
import { audit } from '../audit/append';
import type { ServiceCtx } from '../scope';

/** Who of this workspace is connected now, with how many sockets (the realtime layer answers). */
export async function connections(ctx: ServiceCtx) {
  const counts = await ctx.deps.live.connectedIn(ctx.scope.workspaceId);
  if (counts.size === 0) return [];
  const members = await ctx.tx.member.findMany({
    where: { workspaceId: ctx.scope.workspaceId, userId: { in: [...counts.keys()] } },
    select: { userId: true, user: { select: { name: true } } },
  });
  const presence = await ctx.deps.presence.of(members.map((m) => m.userId));
  return members
    .map((m) => ({
      userId: m.userId,
      name: m.user.name,
      sockets: counts.get(m.userId) ?? 0,
      status: presence.get(m.userId)?.status ?? 'offline',
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Closes a member's sockets that are in this workspace (they may reconnect); audited. */
export async function disconnectMember(ctx: ServiceCtx, input: { userId: string }) {
  const member = await ctx.tx.member.findUnique({
    where: { workspaceId_userId: { workspaceId: ctx.scope.workspaceId, userId: input.userId } },
    select: { userId: true },
  });
  if (!member) throw notFound('Member');
  await audit(ctx, 'connections.disconnect', { type: 'user', id: input.userId });
  const workspaceId = ctx.scope.workspaceId;
  const sockets = (await ctx.deps.live.connectedIn(workspaceId)).get(input.userId) ?? 0;
  ctx.afterCommit(() =>
    ctx.deps.events.publish({ type: 'connections:disconnect', workspaceId, userId: input.userId }),
  );
  return { disconnected: sockets };
}
