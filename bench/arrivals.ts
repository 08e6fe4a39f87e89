// The open-loop send's arrivals, the same for the app's generator and the raw writer: Poisson
// arrivals at a given rate (exponential gaps), each into a conversation drawn with Zipf activity
// (conversation r has weight 1/(r+1): a few busy rooms, a long quiet tail), from a random member of it.
import { rng } from './words';

export interface Arrival {
  /** Milliseconds after the step starts. */
  at: number;
  conversation: number;
  /** Index into that conversation's members. */
  member: number;
}

/** The rates tried, lowest first: each 25 % above the one before. */
export function ladder(from: number, to: number): number[] {
  const out: number[] = [];
  for (let r = from; r <= to; r *= 1.25) out.push(Math.round(r));
  return out;
}

export function arrivals(rate: number, ms: number, sizes: readonly number[], seed: number): Arrival[] {
  const next = rng(seed);
  let sum = 0;
  const cdf = sizes.map((_, r) => (sum += 1 / (r + 1)));
  const out: Arrival[] = [];
  for (let at = -Math.log(1 - next()) * (1000 / rate); at < ms; at += -Math.log(1 - next()) * (1000 / rate)) {
    const u = next() * sum;
    let conversation = cdf.findIndex((c) => c >= u);
    if (conversation < 0) conversation = cdf.length - 1;
    out.push({ at, conversation, member: Math.floor(next() * (sizes[conversation] ?? 1)) });
  }
  return out;
}

/** Whether a step passed: every send acknowledged and delivered, ack p99 within the limit. */
export interface StepOutcome {
  rate: number;
  /** Arrivals inside the measured window. */
  offered: number;
  acked: number;
  /** Arrivals in the window with no successful ack by the end of the drain. */
  lost: number;
  /** Deliveries of the window's acknowledged messages missing at the end (the app only). */
  undelivered: number;
  /** From each arrival's scheduled time, so a stalled sender cannot hide its queue. */
  ackP50: number;
  ackP99: number;
  /** The sending process's share of one core over the window. */
  cpu: number;
  errors: Record<string, number>;
}

export const P99_LIMIT_MS = 50;

export const passed = (s: StepOutcome) =>
  s.lost === 0 && s.undelivered === 0 && s.ackP99 <= P99_LIMIT_MS && Object.keys(s.errors).length === 0;

/**
 * Whether a ladder goes on after this step: it stops at the second failure in a row, so one stall of
 * the disk (an fsync that takes 60 ms happens here at any rate) does not end it early.
 */
export const goOn = (steps: readonly StepOutcome[]) => {
  const [a, b] = steps.slice(-2).reverse();
  return !(a && b && !passed(a) && !passed(b));
};
