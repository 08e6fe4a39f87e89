import type { PolicyHit } from '../policy/evaluate';

/**
 * What a hit of each source adds to a message's threat score. A rule set to flag says "look at
 * this", so it weighs more than one that masked the match (the stored text is already safe).
 * Markup weighs least: people share code.
 */
const WEIGHT: Record<PolicyHit['source'], Partial<Record<PolicyHit['action'], number>>> = {
  detector: { flag: 25, redact: 15 },
  filter: { flag: 35, redact: 20 },
  domain: { flag: 35, redact: 20 },
  markup: { flag: 20 },
  limit: {},
};
/** Each further hit of a source already counted adds this much, not its full weight. */
const FURTHER = 5;

/**
 * A message's threat score, 0..100: its hits (per source the heaviest, and a little for each
 * further one, so one snippet of HTML with many tags is not many offences); the sender's recent
 * rate-limit offences (10 each, up to 30); and the sender's trust, which lowers the score of the
 * trusted and raises it for people with little or bad history (trust 50 is neutral). A message
 * the policy did not catch scores 0 whoever sent it: trust and rate only weigh what rules found.
 */
export function threatScore(
  hits: readonly Pick<PolicyHit, 'source' | 'action'>[],
  trust: number,
  offences = 0,
) {
  const bySource = new Map<PolicyHit['source'], number[]>();
  for (const h of hits) {
    const w = WEIGHT[h.source][h.action] ?? 0;
    if (w > 0) bySource.set(h.source, [...(bySource.get(h.source) ?? []), w]);
  }
  if (bySource.size === 0) return 0;
  let fromHits = 0;
  for (const ws of bySource.values()) fromHits += Math.max(...ws) + FURTHER * (ws.length - 1);
  const raw = fromHits + Math.min(30, 10 * offences) + Math.round((50 - trust) * 0.6);
  return Math.max(0, Math.min(100, raw));
}
