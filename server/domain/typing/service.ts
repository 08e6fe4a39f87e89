import { conversationAccess } from '../channel/access';
import { notFound } from '../../lib/errors';
import { publish } from '../../realtime/publish';

/** How long an indicator lasts without a new keystroke; clients hide it at `expiresAt`. */
export const TYPING_TTL_MS = 5_000;
/** One broadcast per person and conversation per interval, however fast they type. */
export const TYPING_THROTTLE_MS = 2_000;

const lastSent = new Map<string, number>();

/**
 * Marks `userId` as typing in a conversation they are a member of. Broadcasts at most once per
 * throttle interval to the conversation's room (not to the typist's own sockets); viewers of a
 * public channel they have not joined cannot type in it.
 */
export async function startTyping(userId: string, workspaceId: string, channelId: string, now = Date.now()) {
  const access = await conversationAccess(userId, workspaceId, channelId);
  if (access !== 'member') throw notFound('Channel');
  const key = `${userId}:${channelId}`;
  const prev = lastSent.get(key);
  const expiresAt = new Date(now + TYPING_TTL_MS).toISOString();
  if (prev !== undefined && now - prev < TYPING_THROTTLE_MS) return { expiresAt, broadcast: false };
  lastSent.set(key, now);
  // Forget old entries so the map stays as small as the set of people typing right now.
  if (lastSent.size > 10_000) {
    for (const [k, t] of lastSent) if (now - t > TYPING_TTL_MS) lastSent.delete(k);
  }
  await publish({ type: 'typing', workspaceId, channelId, userId, expiresAt });
  return { expiresAt, broadcast: true };
}
