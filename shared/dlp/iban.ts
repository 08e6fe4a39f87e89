import { getCountrySpecifications, isValidIBAN } from 'ibantools';
import { allMatches, type Detector, type DlpMatch } from './types';

/**
 * IBANs, in the electronic form (DE89370400440532013000) or printed in groups of four. The regex
 * only finds a country code and check digits followed by enough letters and digits; the country's
 * length and the mod-97 check (ibantools) decide, so a word after the number is never swallowed.
 */
const CANDIDATE = /(?<![\w])([A-Z]{2})(\d{2})((?: ?[A-Z0-9]){10,32})/g;
const specs = getCountrySpecifications();

function ibanAt(text: string, m: RegExpExecArray): DlpMatch | null {
  const country = m[1]!;
  const length = specs[country]?.chars;
  if (!length) return null;
  // Walk the candidate, taking characters (not the spaces) until the country's length.
  let electronic = country + m[2]!;
  let end = m.index + 4;
  const rest = m[3]!;
  for (let i = 0; i < rest.length && electronic.length < length; i++) {
    end++;
    if (rest[i] !== ' ') electronic += rest[i];
  }
  if (electronic.length !== length || /[\w]/.test(text[end] ?? '')) return null;
  if (!isValidIBAN(electronic)) return null;
  return {
    detector: 'iban',
    rule: 'iban',
    start: m.index,
    end,
    mask: `${country}•••• ${electronic.slice(-4)}`,
  };
}

export const detectIbans: Detector = (text) => {
  const out: DlpMatch[] = [];
  for (const m of allMatches(CANDIDATE, text)) {
    const found = ibanAt(text, m);
    if (found) out.push(found);
    // The candidate may run on into a second IBAN: go on from where this one ended.
    CANDIDATE.lastIndex = found ? found.end : m.index + 1;
  }
  return out;
};
