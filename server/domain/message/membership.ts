import { randomUUID } from 'node:crypto';
import type { MembershipEvent } from '../../../shared/membership-events';
import type { ServiceCtx } from '../scope';
import { toView } from './view';

/**
 * A system message in a channel when someone joins or leaves it, or is added or removed, if the
 * workspace shows them (settings.membershipMessages). It takes the channel's next position like any
 * message (so sync and history carry it in order), has no body, and goes out live after commit.
 * Its author is who acted; `userId` is whom it is about.
 */
export async function announceMembership(
  ctx: ServiceCtx,
  conversationId: string,
  type: MembershipEvent,
  userId: string,
) {
  const ws = ctx.scope.workspaceId;
  const settings = await ctx.deps.settings.read(ctx.tx, ws);
  if (!settings.membershipMessages) return;
  const [c] = await ctx.tx.$queryRaw<{ seq: bigint; rev: bigint }[]>`
    UPDATE conversation SET last_seq = last_seq + 1, last_rev = last_rev + 1
    WHERE workspace_id = ${ws}::uuid AND id = ${conversationId}::uuid AND kind = 'channel'
    RETURNING last_seq AS seq, last_rev AS rev`;
  if (!c) return;
  const { version } = await ctx.deps.keys.ring.current(ctx.tx, ws);
  const row = await ctx.tx.message.create({
    data: {
      id: randomUUID(),
      workspaceId: ws,
      conversationId,
      seq: c.seq,
      rev: c.rev,
      authorId: ctx.scope.userId ?? userId,
      clientMsgId: `system-${randomUUID()}`,
      body: null,
      keyVersion: version,
      event: type,
      eventUserId: userId,
    },
  });
  const message = await toView(ctx, row);
  ctx.afterCommit(() => ctx.deps.events.publish({ type: 'message:new', workspaceId: ws, message }));
}
