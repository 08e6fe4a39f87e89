import { allMatches, type Detector } from './types';

/** Addresses as people type them; the domain needs a dot and a top-level domain of letters. */
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![\w-])/g;

/**
 * Phone numbers: international (+ and 8 to 15 digits, in groups) or the North American
 * (555) 123-4567 / 555-123-4567 form. A bare run of digits is not a phone number here: it is as
 * likely an order number, and cards have their own detector.
 */
const INTERNATIONAL = /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\w])/g;
const NORTH_AMERICAN = /(?<![\w-])(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w]|-\d)/g;

export const detectEmails: Detector = (text) =>
  [...allMatches(EMAIL, text)].map((m) => ({
    detector: 'email' as const,
    rule: 'email',
    start: m.index,
    end: m.index + m[0].length,
    mask: '[email removed]',
  }));

export const detectPhones: Detector = (text) => {
  const out = [];
  for (const re of [INTERNATIONAL, NORTH_AMERICAN])
    for (const m of allMatches(re, text)) {
      const digits = m[0].replace(/\D/g, '').length;
      if (re === INTERNATIONAL && (digits < 8 || digits > 15)) continue;
      out.push({
        detector: 'phone' as const,
        rule: 'phone',
        start: m.index,
        end: m.index + m[0].length,
        mask: '[phone removed]',
      });
    }
  return out;
};
