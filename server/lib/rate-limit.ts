import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type IRateLimiterOptions,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { RATE_TIER_FACTOR, type RateTier } from '../../shared/policy';
import { env } from '../env';
import { AppError } from './errors';
import { bucketsIn, type BucketSpec, type Buckets } from './token-bucket';

export interface RateLimitConfig {
  userPoints: number;
  workspacePoints: number;
  ipPoints: number;
  authPoints: number;
  /** The budgets above are per window: each refills at points / windowSeconds a second. */
  windowSeconds: number;
  blockSeconds: number;
  /** A bucket holds this share of its window's points, in per cent: the burst; from the environment when omitted. */
  burstPercent?: number;
  /** The deployment's budget for calls no workspace's budget covers; from the environment when omitted. */
  globalPoints?: number;
  /** Lower user budgets for widget visitors and new accounts; from the environment when omitted. */
  tiers?: PersonTierConfig;
  /** Per-account sign-in limit; from the environment when omitted. */
  signIn?: SignInLimitConfig;
}

export interface PersonTierConfig {
  /** A widget visitor's share of the user budget, in per cent. */
  visitorPercent: number;
  /** A new account's share, in per cent. */
  newAccountPercent: number;
  /** How long an account counts as new (0: none does). */
  newAccountHours: number;
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
  /** Who the user is, for their tier: an anonymous widget visitor, or an account created then. */
  person?: { visitor: boolean; createdAt?: Date | string | undefined } | undefined;
  workspaceId?: string | null;
  /** The workspace's tier (its security policy): its budget times RATE_TIER_FACTOR. */
  tier?: RateTier | undefined;
  /**
   * Also spend from the deployment's global budget: set for calls that name no workspace (sign-in,
   * handshakes, listings of one's own). A call in a workspace spends that workspace's budget instead,
   * so however loud one workspace gets it never uses up what the others draw on.
   */
  global?: boolean;
}

const MAX_BLOCK_SECONDS = 3600;
const DAY = 86_400;

interface Backoff {
  offences: RateLimiterAbstract;
  blockSeconds: number;
  maxBlockSeconds: number;
}

/**
 * Per-user, per-workspace, per-IP and global budgets as token buckets: each refills steadily at its
 * points per window and holds a burst of burstPercent of them, so a quiet caller can burst and a
 * steady one gets the rate, never twice the budget across a window's edge. A caller who runs out
 * is blocked for blockSeconds, doubling with every further offence within the hour (repeat
 * offenders wait longer). Budgets follow trust: widget visitors and new accounts get a share of the
 * user budget, and a workspace's tier multiplies its own. Calls in a workspace spend its budget; the
 * others spend the global one, so no workspace can use up what another draws on.
 * Callers with no budget of their own (sign-in, sign-up, reset) share a per-IP `auth` budget.
 * Password sign-ins are also charged to the account they name (consumeSignIn), with its own locks.
 * In memory on one node; in Redis when the deployment has several, so a budget is one budget
 * whichever node a call reaches, with each node's memory as the fallback while Redis is away.
 */
export class RateLimits {
  private readonly buckets: Buckets;
  private readonly ip: BucketSpec;
  private readonly auth: BucketSpec;
  private readonly global: BucketSpec;
  private readonly tiers: PersonTierConfig;
  private readonly burstPercent: number;
  private readonly offences: RateLimiterAbstract;
  private readonly account: RateLimiterAbstract;
  private readonly accountBackoff: Backoff;

  /** `redis`: the deployment's shared store (several nodes); without it, this process's memory. */
  constructor(
    private readonly cfg: RateLimitConfig,
    redis?: Redis,
  ) {
    const limiter = limiterIn(redis);
    this.buckets = bucketsIn(redis);
    this.burstPercent = cfg.burstPercent ?? env().RATE_LIMIT_BURST_PERCENT;
    this.ip = this.bucket('i', cfg.ipPoints);
    this.auth = this.bucket('a', cfg.authPoints);
    this.global = this.bucket('g', cfg.globalPoints ?? env().RATE_LIMIT_GLOBAL_POINTS);
    this.tiers = cfg.tiers ?? personTiersFromEnv();
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
      const retry = await lockAccount(this.account, key, e, this.accountBackoff);
      throw new AppError('TOO_MANY_REQUESTS', `Too many sign-in attempts; retry in ${retry} s`, {
        retryAfterSeconds: retry,
      });
    }
  }

  /** A successful sign-in starts the account's failure count again (not its record of locks). */
  async signedIn(email: string): Promise<void> {
    await this.account.delete(accountKey(email));
  }

  /** A budget of `points` per window, named by its size (a new size, such as a tier's, starts full). */
  private bucket(prefix: 'i' | 'a' | 'g' | 'u' | 'w', points: number): BucketSpec {
    return {
      name: `${prefix}${points}`,
      capacity: Math.max(1, Math.floor((points * this.burstPercent) / 100)),
      perSecond: points / this.cfg.windowSeconds,
    };
  }

  /** A user's budget: the full one, or the visitor's or new account's share of it. */
  userPoints(person: RateLimitKeys['person'], now = Date.now()): number {
    const full = this.cfg.userPoints;
    const { visitorPercent, newAccountPercent, newAccountHours } = this.tiers;
    const share = (percent: number) => Math.max(1, Math.floor((full * percent) / 100));
    if (person?.visitor) return share(visitorPercent);
    const created = person?.createdAt === undefined ? NaN : new Date(person.createdAt).getTime();
    if (newAccountHours > 0 && now - created < newAccountHours * 3_600_000) return share(newAccountPercent);
    return full;
  }

  /** Takes one token from every budget that applies; throws TOO_MANY_REQUESTS when one is empty. */
  async consume(keys: RateLimitKeys, kind: 'api' | 'auth' = 'api'): Promise<void> {
    const checks: [BucketSpec, string][] = [];
    if (kind === 'auth') checks.push([this.auth, keys.ip ?? 'unknown']);
    else {
      if (keys.ip) checks.push([this.ip, keys.ip]);
      if (keys.userId) checks.push([this.bucket('u', this.userPoints(keys.person)), keys.userId]);
      if (keys.workspaceId) {
        const points = this.cfg.workspacePoints * RATE_TIER_FACTOR[keys.tier ?? 'standard'];
        checks.push([this.bucket('w', points), keys.workspaceId]);
      }
    }
    if (keys.global) checks.push([this.global, 'all']);
    for (const [spec, key] of checks) {
      const taken = await this.buckets.take(spec, key);
      if (taken.ok) continue;
      const retry = await this.refused(spec, key, taken.waitMs, taken.first);
      throw new AppError('TOO_MANY_REQUESTS', `Too many requests; retry in ${retry} s`, {
        retryAfterSeconds: retry,
      });
    }
  }

  /**
   * Only the first refusal since a key was last admitted is an offence (the bucket says which, in
   * the same atomic step as the take, so of a flood exactly one is). It blocks the key for
   * blockSeconds × 2^(offences in the last hour − 1); the answer is the longer of the block and the
   * wait for a token.
   */
  private async refused(spec: BucketSpec, key: string, waitMs: number, first: boolean): Promise<number> {
    const wait = Math.max(1, Math.ceil(waitMs / 1000));
    if (!first) return wait;
    const offences = (await this.offences.penalty(`${spec.name}:${key}`, 1)).consumedPoints;
    const seconds = Math.min(MAX_BLOCK_SECONDS, this.cfg.blockSeconds * 2 ** Math.min(offences - 1, 12));
    await this.buckets.block(spec, key, seconds);
    return Math.max(seconds, wait);
  }
}

/**
 * A failed sign-in over the account's limit: only the one attempt that first overdraws it is an
 * offence (counters increment atomically, so exactly one sees points + 1). Its lock is
 * blockSeconds × 2^(offences in the last day − 1); every other refused attempt reports the time left.
 */
async function lockAccount(
  limiter: RateLimiterAbstract,
  key: string,
  res: RateLimiterRes,
  backoff: Backoff,
): Promise<number> {
  const left = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  if (res.consumedPoints !== limiter.points + 1) return left;
  const offences = (await backoff.offences.penalty(`${limiter.keyPrefix}:${key}`, 1)).consumedPoints;
  if (offences === 1) return left;
  const seconds = Math.min(backoff.maxBlockSeconds, backoff.blockSeconds * 2 ** Math.min(offences - 1, 12));
  await limiter.block(key, seconds);
  return seconds;
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

function personTiersFromEnv(): PersonTierConfig {
  const e = env();
  return {
    visitorPercent: e.RATE_LIMIT_VISITOR_PERCENT,
    newAccountPercent: e.RATE_LIMIT_NEW_ACCOUNT_PERCENT,
    newAccountHours: e.RATE_LIMIT_NEW_ACCOUNT_HOURS,
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
    globalPoints: e.RATE_LIMIT_GLOBAL_POINTS,
    burstPercent: e.RATE_LIMIT_BURST_PERCENT,
    tiers: personTiersFromEnv(),
  };
}
