import { detectCards } from './cards';
import { detectEmails, detectPhones } from './contact';
import { detectIbans } from './iban';
import { detectSecrets } from './secrets';
import { detectSsns } from './ssn';
import { DETECTORS, type Detector, type DetectorId, type DlpMatch } from './types';

export { DETECTORS, type DetectorId, type DlpMatch } from './types';

const DETECTOR_FNS: Record<DetectorId, Detector> = {
  card: detectCards,
  ssn: detectSsns,
  iban: detectIbans,
  secret: detectSecrets,
  email: detectEmails,
  phone: detectPhones,
};

/** Earlier first; of two starting together the longer. */
const byPosition = (a: DlpMatch, b: DlpMatch) => a.start - b.start || b.end - a.end;

/**
 * The sensitive data in a text, sorted and without overlaps: where two findings overlap the earlier
 * (then the longer) wins, and detectors are tried in DETECTORS order, so that a card number is not
 * also reported as a phone number. Runs in the server on every text path and in the browser for
 * the composer's warning.
 */
export function scanText(text: string, enabled: ReadonlySet<DetectorId> = new Set(DETECTORS)): DlpMatch[] {
  const found: DlpMatch[] = [];
  for (const id of DETECTORS) if (enabled.has(id)) found.push(...DETECTOR_FNS[id](text));
  found.sort(byPosition);
  const kept: DlpMatch[] = [];
  for (const m of found) if (kept.length === 0 || m.start >= kept[kept.length - 1]!.end) kept.push(m);
  return kept;
}

/** The text with each match replaced by its mask. */
export function redactText(text: string, matches: readonly DlpMatch[]): string {
  let out = '';
  let at = 0;
  for (const m of [...matches].sort(byPosition)) {
    if (m.start < at) continue;
    out += text.slice(at, m.start) + m.mask;
    at = m.end;
  }
  return out + text.slice(at);
}
