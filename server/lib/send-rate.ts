import type { Redis } from 'ioredis';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { limiterIn } from './rate-limit';

/** The counter never refuses by itself: each call brings the limit of its workspace's policy. */
const COUNTER_POINTS = 1_000_000;
const MAX_BLOCK_SECONDS = 3600;

export interface SendRateConfig {
  /** The policy's limits are per minute; tests shorten the window. */
  windowSeconds: number;
}

/** What a charge gives back: admitted, or refused with the seconds to wait (and whether it was the offence). */
export type SendCharge = { ok: true } | { ok: false; retryAfterSeconds: number; offence: boolean };

/**
 * Messages per person and workspace per minute, against a limit the caller reads from the
 * workspace's security policy (so a policy change applies to the next send). The first send over
 * the limit in a window is an offence; each further offence within the hour blocks the person in
 * that workspace for twice as long as the one before (from one window up to an hour). Keys are per
 * workspace, so one workspace's flood never spends another's budget. In Redis when the deployment
 * has several nodes (the count is atomic there, so concurrent sends on every node admit exactly the
 * limit), with this node's memory as the fallback while Redis is away.
 */
export class SendRateLimiter {
  private readonly sends: RateLimiterAbstract;
  private readonly offences: RateLimiterAbstract;
  private readonly windowSeconds: number;

  constructor(cfg: SendRateConfig = { windowSeconds: 60 }, redis?: Redis) {
    this.windowSeconds = cfg.windowSeconds;
    const limiter = limiterIn(redis);
    this.sends = limiter({ keyPrefix: 'm', points: COUNTER_POINTS, duration: cfg.windowSeconds });
    this.offences = limiter({ keyPrefix: 'mo', points: COUNTER_POINTS, duration: 3600 });
  }

  /** Charges one send by `userId` in `workspaceId`, whose policy allows `perWindow` of them. */
  async take(workspaceId: string, userId: string, perWindow: number): Promise<SendCharge> {
    const key = `${workspaceId}:${userId}`;
    let res: RateLimiterRes;
    try {
      res = await this.sends.consume(key, 1);
    } catch (e) {
      // Only a block (below) refuses at the counter itself.
      if (!(e instanceof RateLimiterRes)) throw e;
      return { ok: false, retryAfterSeconds: secondsOf(e), offence: false };
    }
    if (res.consumedPoints <= perWindow) return { ok: true };
    // The counter increments atomically: exactly one send sees the limit + 1, and it is the offence.
    if (res.consumedPoints !== perWindow + 1)
      return { ok: false, retryAfterSeconds: secondsOf(res), offence: false };
    const offences = (await this.offences.penalty(key, 1)).consumedPoints;
    if (offences === 1) return { ok: false, retryAfterSeconds: secondsOf(res), offence: true };
    const seconds = Math.min(MAX_BLOCK_SECONDS, this.windowSeconds * 2 ** Math.min(offences - 1, 12));
    await this.sends.block(key, seconds);
    return { ok: false, retryAfterSeconds: seconds, offence: true };
  }
}

const secondsOf = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** For runs that switch the limits off (POLICY_SEND_LIMITS=false): every send is admitted. */
export const unlimitedSends = {
  take: (): Promise<SendCharge> => Promise.resolve({ ok: true }),
};
