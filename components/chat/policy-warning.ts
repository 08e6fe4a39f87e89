import type { DlpMatch } from '@/shared/dlp';
import { DETECTORS, detectorInWords, policyWords, type DetectorId, type PolicyAction } from '@/shared/policy';

export interface PolicyWarning {
  /** block: the server would refuse it, so the composer does not send; redact: it will be masked. */
  action: 'block' | 'redact';
  text: string;
}

/** The detectors that change what is sent: those the workspace masks or refuses. */
export const warnedDetectors = (detectors: Record<DetectorId, PolicyAction>): Set<DetectorId> =>
  new Set(DETECTORS.filter((d) => detectors[d] === 'block' || detectors[d] === 'redact'));

/**
 * What the composer says about a draft, from the same detectors the server runs (shared/dlp) and
 * the same words it answers with (shared/policy). Tenant filters and blocked domains stay on the
 * server: their patterns are the admins', not every member's, to read.
 */
export function policyWarning(
  detectors: Record<DetectorId, PolicyAction>,
  matches: readonly DlpMatch[],
): PolicyWarning | null {
  const by = (a: PolicyAction) => [
    ...new Set(matches.filter((m) => detectors[m.detector] === a).map((m) => detectorInWords(m.detector))),
  ];
  const refused = by('block');
  if (refused.length > 0) return { action: 'block', text: policyWords.willRefuse(refused) };
  const masked = by('redact');
  return masked.length > 0 ? { action: 'redact', text: policyWords.willMask(masked) } : null;
}
