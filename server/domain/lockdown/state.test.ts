import { describe, expect, it } from 'vitest';
import { MemoryLockdownCache, type ActiveLockdown } from './state';

const lock = (endsAt: number): ActiveLockdown => ({
  id: 'l1',
  mode: 'full',
  reason: 'drill',
  startedAt: new Date(0),
  endsAt: new Date(endsAt),
});

describe('the lockdown cache', () => {
  it('shares one read among callers that miss together, and reads again after a second', async () => {
    let now = 10_000;
    const cache = new MemoryLockdownCache(() => now);
    let reads = 0;
    const load = () => {
      reads++;
      return Promise.resolve(lock(60_000));
    };
    const all = await Promise.all(Array.from({ length: 50 }, () => cache.current('w', load)));
    expect(all.every((l) => l?.id === 'l1')).toBe(true);
    expect(reads).toBe(1);
    now += 900;
    await cache.current('w', load);
    expect(reads).toBe(1);
    now += 200;
    await cache.current('w', load);
    expect(reads).toBe(2);
    cache.forget('w');
    await cache.current('w', load);
    expect(reads).toBe(3);
  });

  it('ends a cached lockdown at its end, and does not keep a failed read', async () => {
    let now = 10_000;
    const cache = new MemoryLockdownCache(() => now);
    expect(await cache.current('w', () => Promise.resolve(lock(10_500)))).not.toBeNull();
    now = 10_500;
    expect(await cache.current('w', () => Promise.resolve(lock(10_500)))).toBeNull();

    await expect(cache.current('x', () => Promise.reject(new Error('database away')))).rejects.toThrow();
    expect(await cache.current('x', () => Promise.resolve(null))).toBeNull();
  });
});
