import type { TypingThrottle } from '../deps';
import type { ServiceCtx } from '../scope';
import { notFound } from '../../lib/errors';
import { readable } from '../message/access';

/** How long an indicator lasts without a new keystroke; clients hide it at `expiresAt`. */
export const TYPING_TTL_MS = 5_000;
/** One broadcast per person and conversation per interval, however fast they type. */
export const TYPING_THROTTLE_MS = 2_000;

/** The throttle in this process's memory; kept as small as the set of people typing right now. */
export class MemoryTypingThrottle implements TypingThrottle {
  private readonly lastSent = new Map<string, number>();

  admit(userId: string, conversationId: string, now: number): Promise<boolean> {
    return Promise.resolve(this.admitNow(userId, conversationId, now));
  }

  admitNow(userId: string, conversationId: string, now: number): boolean {
    const key = `${userId}:${conversationId}`;
    const prev = this.lastSent.get(key);
    if (prev !== undefined && now - prev < TYPING_THROTTLE_MS) return false;
    this.lastSent.set(key, now);
    if (this.lastSent.size > 10_000) {
      for (const [k, t] of this.lastSent) if (now - t > TYPING_TTL_MS) this.lastSent.delete(k);
    }
    return true;
  }
}

/**
 * Marks the caller as typing in a conversation they are a member of (viewers of a public channel
 * they have not joined cannot type in it). Broadcasts at most once per throttle interval to the
 * conversation's room, not to the typist's own sockets.
 */
export async function startTyping(ctx: ServiceCtx, conversationId: string, now = Date.now()) {
  const access = await readable(ctx.tx, ctx.scope, conversationId).catch(() => null);
  if (!access?.member) throw notFound('Channel');
  const expiresAt = new Date(now + TYPING_TTL_MS).toISOString();
  const userId = ctx.scope.userId ?? '';
  if (!(await ctx.deps.typing.admit(userId, conversationId, now))) return { expiresAt, broadcast: false };
  const workspaceId = ctx.scope.workspaceId;
  ctx.afterCommit(() =>
    ctx.deps.events.publish({ type: 'typing', workspaceId, conversationId, userId, expiresAt }),
  );
  return { expiresAt, broadcast: true };
}
