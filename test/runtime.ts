import type { DomainEvent } from '../server/domain/events';
import { RateLimits, rateLimitsFromEnv } from '../server/lib/rate-limit';
import type { Runtime } from '../server/runtime';

// The runtime of this test file (or benchmark run): built once by its set-up, so the in-process
// callers, the test servers it starts and the assertions share one set of caches, presence and
// publisher, as one process does.
let current: Runtime | undefined;

export function setTestRuntime(rt: Runtime | undefined) {
  current = rt;
}

export function testRuntime(): Runtime {
  if (!current)
    throw new Error(
      'no test runtime: the integration project builds one per file in beforeAll (test/setup/db.ts); unit tests have none',
    );
  return current;
}

/** Tests that exercise limits put their own in place; undefined restores the configured ones. */
export function setRateLimits(limits: RateLimits | undefined) {
  testRuntime().rateLimits = limits ?? new RateLimits(rateLimitsFromEnv());
}

/** Publishes a domain event through this file's runtime (to its running realtime server). */
export const publish = (e: DomainEvent) => testRuntime().events.publish(e);
