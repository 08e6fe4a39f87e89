import { allMatches, type Detector } from './types';

/**
 * Payment cards: 12 to 19 digits, single spaces or dashes allowed between them, never inside a
 * longer word or number. A candidate counts only when it passes the Luhn check and starts and is as
 * long as a card of some scheme would: that keeps order numbers, phone numbers and the digit runs of
 * UUIDs and hashes out.
 */
const CANDIDATE = /(?<![\w-])\d(?:[ -]?\d){11,18}(?![\w])/g;

/** Schemes by prefix, with the lengths each issues (ISO/IEC 7812 ranges as the networks publish). */
const SCHEMES: { prefix: RegExp; lengths: readonly number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] }, // Visa
  { prefix: /^(5[1-5]|2(2[2-9][1-9]|2[3-9]|[3-6]|7[01]|720))/, lengths: [16] }, // Mastercard
  { prefix: /^3[47]/, lengths: [15] }, // American Express
  { prefix: /^(6011|65|64[4-9])/, lengths: [16, 17, 18, 19] }, // Discover
  { prefix: /^35(2[89]|[3-8])/, lengths: [16, 17, 18, 19] }, // JCB
  { prefix: /^3(0[0-5]|[689])/, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { prefix: /^62/, lengths: [16, 17, 18, 19] }, // UnionPay
  { prefix: /^(5[06-9]|6[0-9])/, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
];

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const isCardNumber = (digits: string): boolean =>
  // All one digit (0000 0000 0000 0000) passes Luhn but is a placeholder, not a card.
  !/^(\d)\1+$/.test(digits) &&
  SCHEMES.some((s) => s.prefix.test(digits) && s.lengths.includes(digits.length)) &&
  luhnValid(digits);

export const detectCards: Detector = (text) => {
  const out = [];
  for (const m of allMatches(CANDIDATE, text)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (!isCardNumber(digits)) continue;
    out.push({
      detector: 'card' as const,
      rule: 'card',
      start: m.index,
      end: m.index + m[0].length,
      mask: `•••• ${digits.slice(-4)}`,
    });
  }
  return out;
};
