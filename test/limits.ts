import type { Redis } from 'ioredis';
import { RateLimits, type RateLimitConfig } from '../server/lib/rate-limit';

// Rate limits for tests that exercise them (nothing here touches the runtime or the database).

/**
 * Budgets so large that only the ones in `over` can refuse anything; visitors and new accounts get
 * the full user budget unless `over.tiers` says otherwise, and a bucket holds its whole window. In `redis` when given (several nodes).
 */
export const limits = (over: Partial<RateLimitConfig> = {}, redis?: Redis) =>
  new RateLimits(
    {
      userPoints: 100_000,
      workspacePoints: 100_000,
      ipPoints: 100_000,
      authPoints: 100_000,
      globalPoints: 1_000_000,
      windowSeconds: 60,
      blockSeconds: 30,
      burstPercent: 100,
      tiers: { visitorPercent: 100, newAccountPercent: 100, newAccountHours: 0 },
      ...over,
    },
    redis,
  );

/** Runs all calls at once; returns how many were admitted and the errors of the others. */
export async function flood(n: number, call: () => Promise<unknown>) {
  const results = await Promise.allSettled(Array.from({ length: n }, call));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  return { admitted: n - errors.length, errors };
}
