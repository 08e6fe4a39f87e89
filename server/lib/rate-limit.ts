import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { env } from '../env';
import { AppError } from './errors';

export interface RateLimitConfig {
  userPoints: number;
  workspacePoints: number;
  ipPoints: number;
  authPoints: number;
  windowSeconds: number;
  blockSeconds: number;
}

export interface RateLimitKeys {
  ip: string;
  userId?: string | null;
  workspaceId?: string | null;
}

const MAX_BLOCK_SECONDS = 3600;

/**
 * Per-user, per-workspace and per-IP budgets over a fixed window. A caller who runs out is blocked
 * for blockSeconds, doubling with every further offence within the hour (repeat offenders wait longer).
 * Memory-backed: one node. A Redis store replaces it when the deployment scales out.
 */
export class RateLimits {
  private readonly user: RateLimiterMemory;
  private readonly workspace: RateLimiterMemory;
  private readonly ip: RateLimiterMemory;
  private readonly auth: RateLimiterMemory;
  private readonly offences: RateLimiterMemory;

  constructor(private readonly cfg: RateLimitConfig) {
    const d = cfg.windowSeconds;
    this.user = new RateLimiterMemory({ keyPrefix: 'u', points: cfg.userPoints, duration: d });
    this.workspace = new RateLimiterMemory({ keyPrefix: 'w', points: cfg.workspacePoints, duration: d });
    this.ip = new RateLimiterMemory({ keyPrefix: 'i', points: cfg.ipPoints, duration: d });
    this.auth = new RateLimiterMemory({ keyPrefix: 'a', points: cfg.authPoints, duration: d });
    this.offences = new RateLimiterMemory({ keyPrefix: 'o', points: 1_000_000, duration: 3600 });
  }

  /** Takes one point from every budget that applies; throws TOO_MANY_REQUESTS when one is spent. */
  async consume(keys: RateLimitKeys, kind: 'api' | 'auth' = 'api'): Promise<void> {
    const checks: [RateLimiterMemory, string][] = [];
    if (kind === 'auth') checks.push([this.auth, keys.ip]);
    else {
      checks.push([this.ip, keys.ip]);
      if (keys.userId) checks.push([this.user, keys.userId]);
      if (keys.workspaceId) checks.push([this.workspace, keys.workspaceId]);
    }
    for (const [limiter, key] of checks) {
      try {
        await limiter.consume(key, 1);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const retry = await this.escalate(limiter, key, e);
        throw new AppError('TOO_MANY_REQUESTS', `Too many requests; retry in ${retry} s`, {
          retryAfterSeconds: retry,
        });
      }
    }
  }

  private async escalate(limiter: RateLimiterMemory, key: string, res: RateLimiterRes): Promise<number> {
    const offenceKey = `${limiter.keyPrefix}:${key}`;
    // Already blocked: keep the existing block, report its remaining time.
    const remaining = Math.ceil(res.msBeforeNext / 1000);
    if (remaining > this.cfg.windowSeconds) return remaining;
    const offences = (await this.offences.penalty(offenceKey, 1)).consumedPoints;
    const seconds = Math.min(MAX_BLOCK_SECONDS, this.cfg.blockSeconds * 2 ** Math.min(offences - 1, 12));
    await limiter.block(key, seconds);
    return seconds;
  }
}

let instance: RateLimits | undefined;

export function rateLimits(): RateLimits {
  if (!instance) {
    const e = env();
    instance = new RateLimits({
      userPoints: e.RATE_LIMIT_USER_POINTS,
      workspacePoints: e.RATE_LIMIT_WORKSPACE_POINTS,
      ipPoints: e.RATE_LIMIT_IP_POINTS,
      authPoints: e.RATE_LIMIT_AUTH_POINTS,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      blockSeconds: e.RATE_LIMIT_BLOCK_SECONDS,
    });
  }
  return instance;
}

/** Tests replace the process-wide limits with their own figures. */
export function setRateLimits(next: RateLimits | undefined) {
  instance = next;
}
