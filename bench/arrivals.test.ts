import { describe, expect, it } from 'vitest';
import { arrivals, goOn, ladder, passed, type StepOutcome } from './arrivals';

const sizes = Array.from({ length: 100 }, (_, i) => 5 + (i % 6));

describe('open-loop arrivals', () => {
  const plan = arrivals(1000, 10_000, sizes, 7);

  it('arrive at the asked rate, in time order, inside the step', () => {
    // Poisson: 10,000 expected, standard deviation 100.
    expect(plan.length).toBeGreaterThan(9_600);
    expect(plan.length).toBeLessThan(10_400);
    expect(plan.every((a, i) => i === 0 || a.at >= (plan[i - 1]?.at ?? 0))).toBe(true);
    expect(plan.at(-1)?.at).toBeLessThan(10_000);
  });

  it('have exponential gaps: as many shorter than the mean gap as a Poisson process gives', () => {
    const gaps = plan.slice(1).map((a, i) => a.at - (plan[i]?.at ?? 0));
    const short = gaps.filter((g) => g < 1).length / gaps.length;
    // P(gap < mean) = 1 - 1/e ≈ 0.632 (evenly spaced arrivals would give 0 or 1).
    expect(short).toBeGreaterThan(0.6);
    expect(short).toBeLessThan(0.66);
  });

  it('follow Zipf activity over conversations, from one of each conversation’s members', () => {
    const h = sizes.reduce((s, _, r) => s + 1 / (r + 1), 0);
    const share = (c: number) => plan.filter((a) => a.conversation === c).length / plan.length;
    expect(share(0)).toBeCloseTo(1 / h, 1);
    expect(share(1)).toBeCloseTo(1 / 2 / h, 1);
    expect(share(0)).toBeGreaterThan(share(9) * 5);
    expect(plan.every((a) => a.member >= 0 && a.member < (sizes[a.conversation] ?? 0))).toBe(true);
  });

  it('are the same for the same seed, so the app and the raw writer see one schedule', () => {
    expect(arrivals(200, 1000, sizes, 3)).toEqual(arrivals(200, 1000, sizes, 3));
    expect(arrivals(200, 1000, sizes, 3)).not.toEqual(arrivals(200, 1000, sizes, 4));
  });
});

const step = (over: Partial<StepOutcome>): StepOutcome => ({
  rate: 100,
  offered: 300,
  acked: 300,
  lost: 0,
  undelivered: 0,
  ackP50: 5,
  ackP99: 20,
  cpu: 0.2,
  errors: {},
  ...over,
});

describe('a ladder step', () => {
  it('passes only with nothing lost or undelivered, no errors and ack p99 within 50 ms', () => {
    expect(passed(step({}))).toBe(true);
    expect(passed(step({ ackP99: 50.1 }))).toBe(false);
    expect(passed(step({ ackP99: NaN }))).toBe(false);
    expect(passed(step({ lost: 1 }))).toBe(false);
    expect(passed(step({ undelivered: 1 }))).toBe(false);
    expect(passed(step({ errors: { RATE_LIMITED: 1 } }))).toBe(false);
  });

  it('ends the ladder at the second failure in a row, not at one', () => {
    const ok = step({});
    const bad = step({ ackP99: 80 });
    expect(goOn([ok, bad])).toBe(true);
    expect(goOn([ok, bad, ok, bad])).toBe(true);
    expect(goOn([ok, bad, bad])).toBe(false);
  });

  it('goes up 25 % a step', () => {
    expect(ladder(100, 250)).toEqual([100, 125, 156, 195, 244]);
  });
});
