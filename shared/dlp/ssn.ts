import { allMatches, type Detector } from './types';

/**
 * US social security numbers written with separators (123-45-6789 or 123 45 6789): nine bare
 * digits are as likely an order number, so they do not count. The area is never 000, 666 or 9xx,
 * the group never 00 and the serial never 0000 (the SSA's rules for numbers it issues).
 */
const CANDIDATE = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w]|-\d)/g;

export const isSsn = (area: string, group: string, serial: string): boolean =>
  area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';

export const detectSsns: Detector = (text) => {
  const out = [];
  for (const m of allMatches(CANDIDATE, text)) {
    if (!isSsn(m[1]!, m[3]!, m[4]!)) continue;
    out.push({
      detector: 'ssn' as const,
      rule: 'ssn',
      start: m.index,
      end: m.index + m[0].length,
      mask: `•••-••-${m[4]}`,
    });
  }
  return out;
};
