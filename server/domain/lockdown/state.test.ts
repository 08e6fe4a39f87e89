import { describe, expect, it } from 'vitest';
import { MemoryRestrictionCache, type Restrictions } from './state';

const restrictions = (lockdownEnds: number, quarantineEnds = lockdownEnds): Restrictions => ({
  lockdown: {
    id: 'l1',
    mode: 'full',
    reason: 'drill',
    startedAt: new Date(0),
    endsAt: new Date(lockdownEnds),
  },
  quarantines: [
    {
      id: 'q1',
      userId: 'u1',
      reason: 'spam',
      startedAt: new Date(0),
      endsAt: new Date(quarantineEnds),
      holds: false,
    },
  ],
});

describe('the restriction cache', () => {
  it('shares one read among callers that miss together, and reads again after a second', async () => {
    let now = 10_000;
    const cache = new MemoryRestrictionCache(() => now);
    let reads = 0;
    const load = () => {
      reads++;
      return Promise.resolve(restrictions(60_000));
    };
    const all = await Promise.all(Array.from({ length: 50 }, () => cache.current('w', load)));
    expect(all.every((r) => r.lockdown?.id === 'l1')).toBe(true);
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

  it('ends a cached lockdown or quarantine at its end, and does not keep a failed read', async () => {
    let now = 10_000;
    const cache = new MemoryRestrictionCache(() => now);
    const load = () => Promise.resolve(restrictions(10_500, 10_800));
    expect(await cache.current('w', load)).toMatchObject({
      lockdown: { id: 'l1' },
      quarantines: [{ id: 'q1' }],
    });
    now = 10_500;
    expect(await cache.current('w', load)).toMatchObject({ lockdown: null, quarantines: [{ id: 'q1' }] });
    now = 10_800;
    expect(await cache.current('w', load)).toEqual({ lockdown: null, quarantines: [] });

    await expect(cache.current('x', () => Promise.reject(new Error('database away')))).rejects.toThrow();
    // A call that shared someone else's failed read reads for itself.
    let release: (e: Error) => void = () => undefined;
    const failing = cache.current('y', () => new Promise<Restrictions>((_, reject) => (release = reject)));
    const sharing = cache.current('y', () => Promise.resolve({ lockdown: null, quarantines: [] }));
    release(new Error('their transaction is gone'));
    await expect(failing).rejects.toThrow('their transaction is gone');
    expect(await sharing).toEqual({ lockdown: null, quarantines: [] });
    expect(await cache.current('x', () => Promise.resolve({ lockdown: null, quarantines: [] }))).toEqual({
      lockdown: null,
      quarantines: [],
    });
  });
});
