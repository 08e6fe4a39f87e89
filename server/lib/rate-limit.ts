import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type IRateLimiterOptions,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { env } from '../env';
import { AppError } from './errors';

export interface RateLimitConfig {
  userPoints: number;
  workspacePoints: number;
  ipPoints: number;
  authPoints: number;
  windowSeconds: number;
  blockSeconds: number;
  /** Per-account sign-in limit; from the environment when omitted. */
  signIn?: SignInLimitConfig;
}

export interface SignInLimitConfig {
  /** Failed sign-ins per account within the window before the account is locked. */
  failures: number;
  windowSeconds: number;
  /** The first lock; every further lock within a day doubles it, up to maxBlockSeconds. */
  blockSeconds: number;
  maxBlockSeconds: number;
}

export interface RateLimitKeys {
  /** Omitted when the caller's IP was already charged for this request (the workspace gate). */
  ip?: string | null;
  userId?: string | null;
  workspaceId?: string | null;
}

const MAX_BLOCK_SECONDS = 3600;
const DAY = 86_400;

interface Backoff {
  offences: RateLimiterAbstract;
  blockSeconds: number;
  maxBlockSeconds: number;
}

/**
 * Per-user, per-workspace and per-IP budgets over a fixed window. A caller who runs out is blocked
 * for blockSeconds, doubling with every further offence within the hour (repeat offenders wait longer).
 * Callers with no budget of their own (sign-in, sign-up, reset) share a per-IP `auth` budget.
 * Password sign-ins are also charged to the account they name (consumeSignIn), with its own locks.
 * In memory on one node; in Redis when the deployment has several, so a budget is one budget
 * whichever node a call reaches. While Redis is away each node falls back to its own memory (the
 * insurance limiter): limits stay on, per node, instead of failing every call.
 */
export class RateLimits {
  private readonly user: RateLimiterAbstract;
  private readonly workspace: RateLimiterAbstract;
  private readonly ip: RateLimiterAbstract;
  private readonly auth: RateLimiterAbstract;
  private readonly offences: RateLimiterAbstract;
  private readonly account: RateLimiterAbstract;
  private readonly accountBackoff: Backoff;

  /** `redis`: the deployment's shared store (several nodes); without it, this process's memory. */
  constructor(
    private readonly cfg: RateLimitConfig,
    redis?: Redis,
  ) {
    const limiter = limiterIn(redis);
    // blockDuration makes the first overdraw block the key in the same atomic step, so calls racing it
    // already see the block; refused() lengthens it for repeat offenders.
    const opts = { duration: cfg.windowSeconds, blockDuration: cfg.blockSeconds };
    this.user = limiter({ ...opts, keyPrefix: 'u', points: cfg.userPoints });
    this.workspace = limiter({ ...opts, keyPrefix: 'w', points: cfg.workspacePoints });
    this.ip = limiter({ ...opts, keyPrefix: 'i', points: cfg.ipPoints });
    this.auth = limiter({ ...opts, keyPrefix: 'a', points: cfg.authPoints });
    this.offences = limiter({ keyPrefix: 'o', points: 1_000_000, duration: 3600 });
    const s = cfg.signIn ?? signInLimitsFromEnv();
    this.account = limiter({
      keyPrefix: 's',
      points: s.failures,
      duration: s.windowSeconds,
      blockDuration: s.blockSeconds,
    });
    this.accountBackoff = {
      offences: limiter({ keyPrefix: 'so', points: 1_000_000, duration: DAY }),
      blockSeconds: s.blockSeconds,
      maxBlockSeconds: s.maxBlockSeconds,
    };
  }

  /**
   * Charges one sign-in attempt to an account (its address as typed, trimmed and lower-cased)
   * before the password is checked: counted only afterwards, parallel guesses from many addresses
   * would all pass the check. signedIn() gives the budget back, so what stays counted are failures.
   * Whether an account has that address plays no part: the refusal reveals nothing.
   */
  async consumeSignIn(email: string): Promise<void> {
    const key = accountKey(email);
    try {
      await this.account.consume(key, 1);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const retry = await this.refused(this.account, key, e, this.accountBackoff);
      throw new AppError('TOO_MANY_REQUESTS', `Too many sign-in attempts; retry in ${retry} s`, {
        retryAfterSeconds: retry,
      });
    }
  }

  /** A successful sign-in starts the account's failure count again (not its record of locks). */
  async signedIn(email: string): Promise<void> {
    await this.account.delete(accountKey(email));
  }

  /** Takes one point from every budget that applies; throws TOO_MANY_REQUESTS when one is spent. */
  async consume(keys: RateLimitKeys, kind: 'api' | 'auth' = 'api'): Promise<void> {
    const checks: [RateLimiterAbstract, string][] = [];
    if (kind === 'auth') checks.push([this.auth, keys.ip ?? 'unknown']);
    else {
      if (keys.ip) checks.push([this.ip, keys.ip]);
      if (keys.userId) checks.push([this.user, keys.userId]);
      if (keys.workspaceId) checks.push([this.workspace, keys.workspaceId]);
    }
    for (const [limiter, key] of checks) {
      try {
        await limiter.consume(key, 1);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const retry = await this.refused(limiter, key, e);
        throw new AppError('TOO_MANY_REQUESTS', `Too many requests; retry in ${retry} s`, {
          retryAfterSeconds: retry,
        });
      }
    }
  }

  /**
   * Only the one call that first overdraws a budget is an offence: counters increment atomically, so
   * exactly one call sees points + 1 (the block keeps that count, block() resets to it, and calls
   * refused during a block see more). That call makes the block blockSeconds × 2^(offences in the
   * last hour − 1); every other refused call reports the time left.
   */
  private async refused(
    limiter: RateLimiterAbstract,
    key: string,
    res: RateLimiterRes,
    backoff: Backoff = {
      offences: this.offences,
      blockSeconds: this.cfg.blockSeconds,
      maxBlockSeconds: MAX_BLOCK_SECONDS,
    },
  ): Promise<number> {
    const left = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    if (res.consumedPoints !== limiter.points + 1) return left;
    const offences = (await backoff.offences.penalty(`${limiter.keyPrefix}:${key}`, 1)).consumedPoints;
    if (offences === 1) return left;
    const seconds = Math.min(backoff.maxBlockSeconds, backoff.blockSeconds * 2 ** Math.min(offences - 1, 12));
    await limiter.block(key, seconds);
    return seconds;
  }
}

/**
 * Limiters in the deployment's Redis (several nodes), with this node's memory as the insurance
 * while Redis is away; in memory alone on one node.
 */
export const limiterIn =
  (redis?: Redis) =>
  (o: IRateLimiterOptions & { keyPrefix: string }): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({
          ...o,
          storeClient: redis,
          keyPrefix: `enclave:rl:${o.keyPrefix}`,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(o),
        })
      : new RateLimiterMemory(o);

const accountKey = (email: string) => email.trim().toLowerCase();

function signInLimitsFromEnv(): SignInLimitConfig {
  const e = env();
  return {
    failures: e.SIGN_IN_FAILURES_PER_ACCOUNT,
    windowSeconds: e.SIGN_IN_FAILURE_WINDOW_SECONDS,
    blockSeconds: e.SIGN_IN_LOCK_SECONDS,
    maxBlockSeconds: e.SIGN_IN_LOCK_MAX_SECONDS,
  };
}

/** The limits configured in the environment (the runtime builds its RateLimits from them). */
export function rateLimitsFromEnv(): RateLimitConfig {
  const e = env();
  return {
    userPoints: e.RATE_LIMIT_USER_POINTS,
    workspacePoints: e.RATE_LIMIT_WORKSPACE_POINTS,
    ipPoints: e.RATE_LIMIT_IP_POINTS,
    authPoints: e.RATE_LIMIT_AUTH_POINTS,
    windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    blockSeconds: e.RATE_LIMIT_BLOCK_SECONDS,
  };
}
