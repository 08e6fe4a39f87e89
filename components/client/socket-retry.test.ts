import { describe, expect, it } from 'vitest';
import { backoffMs } from './socket-retry';

// How long the browser clients wait before retrying a refused handshake; the retries themselves,
// against a real server, are in server/realtime/handshake-retry.test.ts.
describe('backoff between handshake attempts', () => {
  it('waits longer after each refusal, up to a ceiling, with jitter', () => {
    const lowest = (n: number) => backoffMs(n, { random: () => 0 });
    const highest = (n: number) => backoffMs(n, { random: () => 1 });
    expect([0, 1, 2, 3, 10].map(highest)).toEqual([1000, 2000, 4000, 8000, 30_000]);
    expect([0, 1, 10].map(lowest)).toEqual([500, 1000, 15_000]);
  });
});
