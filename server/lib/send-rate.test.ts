import { describe, expect, it } from 'vitest';
import { SendRateLimiter } from './send-rate';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the per-minute send limit', () => {
  it('admits exactly the limit of 500 concurrent sends, and names one offence', async () => {
    const limiter = new SendRateLimiter();
    const charges = await Promise.all(Array.from({ length: 500 }, () => limiter.take('ws-a', 'u1', 20)));
    expect(charges.filter((c) => c.ok)).toHaveLength(20);
    const refused = charges.filter((c) => !c.ok);
    expect(refused.filter((c) => c.offence)).toHaveLength(1);
    for (const c of refused) expect(c.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.every((c) => c.retryAfterSeconds <= 60)).toBe(true);
  });

  it('keeps budgets apart per person and per workspace', async () => {
    const limiter = new SendRateLimiter();
    for (let i = 0; i < 3; i++) expect((await limiter.take('ws-a', 'u1', 3)).ok).toBe(true);
    expect((await limiter.take('ws-a', 'u1', 3)).ok).toBe(false);
    expect((await limiter.take('ws-b', 'u1', 3)).ok).toBe(true);
    expect((await limiter.take('ws-a', 'u2', 3)).ok).toBe(true);
  });

  it('follows a limit that changes between sends (the policy is read per send)', async () => {
    const limiter = new SendRateLimiter();
    for (let i = 0; i < 5; i++) expect((await limiter.take('ws', 'u', 10)).ok).toBe(true);
    expect((await limiter.take('ws', 'u', 5)).ok).toBe(false);
  });

  it('doubles the wait for each further offence within the hour', async () => {
    const limiter = new SendRateLimiter({ windowSeconds: 1 });
    const flood = async () => {
      let last = await limiter.take('ws', 'u', 2);
      for (let i = 0; i < 3; i++) last = await limiter.take('ws', 'u', 2);
      return last;
    };
    // The first offence waits out the window.
    const first = await flood();
    expect(first).toMatchObject({ ok: false });
    await sleep(1100);
    // The second blocks for two windows, the third for four.
    let admitted = 0;
    for (let i = 0; i < 3; i++) if ((await limiter.take('ws', 'u', 2)).ok) admitted++;
    expect(admitted).toBe(2);
    expect(await limiter.take('ws', 'u', 2)).toEqual({ ok: false, retryAfterSeconds: 2, offence: false });
    await sleep(1100);
    // Still blocked one window later: the block is longer than the window.
    expect((await limiter.take('ws', 'u', 2)).ok).toBe(false);
    await sleep(1100);
    expect((await limiter.take('ws', 'u', 2)).ok).toBe(true);
    expect((await limiter.take('ws', 'u', 2)).ok).toBe(true);
    const third = await limiter.take('ws', 'u', 2);
    expect(third).toEqual({ ok: false, retryAfterSeconds: 4, offence: true });
  });
});
