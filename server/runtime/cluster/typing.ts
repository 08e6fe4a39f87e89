import type { Redis } from 'ioredis';
import type { TypingThrottle } from '../../domain/deps';
import { MemoryTypingThrottle, TYPING_THROTTLE_MS } from '../../domain/typing/service';
import { logger } from '../../lib/logger';

/**
 * One typing broadcast per person and conversation per interval across all nodes: the first node
 * to set the key wins the interval. While Redis is away each node throttles on its own.
 */
export class RedisTypingThrottle implements TypingThrottle {
  private readonly fallback = new MemoryTypingThrottle();
  constructor(private readonly redis: Redis) {}

  async admit(userId: string, conversationId: string, now: number): Promise<boolean> {
    try {
      const won = await this.redis.set(
        `enclave:typing:${userId}:${conversationId}`,
        '1',
        'PX',
        TYPING_THROTTLE_MS,
        'NX',
      );
      return won === 'OK';
    } catch (err) {
      logger.debug({ err }, 'typing throttle on this node only');
      return this.fallback.admitNow(userId, conversationId, now);
    }
  }
}
