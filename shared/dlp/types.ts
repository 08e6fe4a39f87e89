/** The built-in detectors, in the order they are tried (the policy names them: shared/policy.ts). */
export const DETECTORS = ['card', 'ssn', 'iban', 'secret', 'email', 'phone'] as const;
export type DetectorId = (typeof DETECTORS)[number];

/** One finding: where it is in the text (UTF-16 offsets), and what replaces it when redacted. */
export interface DlpMatch {
  detector: DetectorId;
  /** The rule within the detector: the secret rule's id, otherwise the detector's own id. */
  rule: string;
  start: number;
  end: number;
  mask: string;
}

/** Each detector scans the whole text and returns its candidates in any order. */
export type Detector = (text: string) => DlpMatch[];

/** Every match of a global pattern, with its first capture group's offset where it has one. */
export function* allMatches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    yield m;
  }
}
