/**
 * Generated sensitive data and near-misses for the DLP property test and benchmark: each sample is
 * the text to plant and the detector that must (or must not) find it.
 */
import fc from 'fast-check';
import { composeIBAN, isValidIBAN } from 'ibantools';
import type { DetectorId } from '../shared/policy';

export interface Planted {
  detector: DetectorId;
  /** What to put into the text. */
  text: string;
  /** The part a detector must cover (the value of `api_key = value`), defaulting to all of it. */
  secret?: string;
}

const digitsOf = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const charsOf = (alphabet: string, n: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: n, maxLength: n });
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The digit that makes `body` + digit pass the Luhn check. */
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const CARD_SCHEMES: [string, number][] = [
  ['4', 16],
  ['4', 13],
  ['4', 19],
  ['51', 16],
  ['55', 16],
  ['2221', 16],
  ['2720', 16],
  ['34', 15],
  ['37', 15],
  ['6011', 16],
  ['65', 16],
  ['3530', 16],
  ['36', 14],
  ['62', 16],
  ['6759', 19],
  ['50', 12],
];

/** A card number's digits, and whether to give it a wrong check digit. */
const cardDigits = (valid: boolean) =>
  fc
    .tuple(fc.constantFrom(...CARD_SCHEMES), digitsOf(18), fc.integer({ min: 1, max: 9 }))
    .map(([[prefix, length], fill, shift]) => {
      const body = (prefix + fill).slice(0, length - 1);
      const check = luhnDigit(body);
      return body + (valid ? check : String((Number(check) + shift) % 10));
    })
    .filter((d) => !/^(\d)\1+$/.test(d));

const grouped = (digits: string, sep: string) => digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
const cardText = (valid: boolean) =>
  fc.tuple(cardDigits(valid), fc.constantFrom('', ' ', '-')).map(([d, sep]) => (sep ? grouped(d, sep) : d));

const ssnParts = fc.tuple(
  fc.integer({ min: 1, max: 899 }).filter((a) => a !== 666),
  fc.integer({ min: 1, max: 99 }),
  fc.integer({ min: 1, max: 9999 }),
);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

const IBAN_COUNTRIES: [string, string][] = [
  ['DE', '9'.repeat(18)],
  ['GB', 'AAAA' + '9'.repeat(14)],
  ['NL', 'AAAA' + '9'.repeat(10)],
  ['AT', '9'.repeat(16)],
  ['CH', '99999' + 'X'.repeat(12)],
  ['SE', '9'.repeat(20)],
  ['PL', '9'.repeat(24)],
  ['NO', '9'.repeat(11)],
];
/** A BBAN in the country's shape: 9 a digit, A a letter, X a letter or digit. */
const bbanOf = (shape: string) =>
  fc
    .array(fc.integer({ min: 0, max: 35 }), { minLength: shape.length, maxLength: shape.length })
    .map((xs) =>
      [...shape]
        .map((c, i) =>
          c === '9' ? String(xs[i]! % 10) : c === 'A' ? UPPER_ALNUM[xs[i]! % 26]! : UPPER_ALNUM[xs[i]!]!,
        )
        .join(''),
    );
const ibanText = (valid: boolean) =>
  fc
    .constantFrom(...IBAN_COUNTRIES)
    .chain(([country, shape]) =>
      fc.tuple(fc.constant(country), bbanOf(shape), fc.boolean(), fc.integer({ min: 1, max: 96 })),
    )
    .map(([countryCode, bban, spaced, shift]) => {
      let iban = composeIBAN({ countryCode, bban }) ?? '';
      // Some countries (Norway, Poland) have a national check digit too: a random BBAN is no account.
      if (!isValidIBAN(iban)) return '';
      if (!valid) {
        const check = (Number(iban.slice(2, 4)) + shift) % 97;
        iban = iban.slice(0, 2) + pad(check < 2 ? check + 2 : check, 2) + iban.slice(4);
      }
      return spaced ? iban.replace(/(.{4})(?=.)/g, '$1 ') : iban;
    })
    .filter((s) => s.length > 0);

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const SECRETS: fc.Arbitrary<Planted>[] = [
  charsOf('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16).map((s) => ({ detector: 'secret', text: `AKIA${s}` })),
  charsOf(ALNUM, 36).map((s) => ({ detector: 'secret', text: `ghp_${s}` })),
  charsOf(ALNUM + '_', 82).map((s) => ({ detector: 'secret', text: `github_pat_${s}` })),
  charsOf(ALNUM + '-_', 20).map((s) => ({ detector: 'secret', text: `glpat-${s}` })),
  charsOf(ALNUM, 24).map((s) => ({ detector: 'secret', text: `sk_live_${s}` })),
  fc
    .tuple(digitsOf(12), digitsOf(13), charsOf(ALNUM, 24))
    .map(([a, b, c]) => ({ detector: 'secret', text: `xoxb-${a}-${b}-${c}` })),
  fc
    .tuple(charsOf(UPPER_ALNUM, 10), charsOf(UPPER_ALNUM, 10), charsOf(ALNUM, 24))
    .map(([t, b, k]) => ({ detector: 'secret', text: `https://hooks.slack.com/services/T${t}/B${b}/${k}` })),
  charsOf(ALNUM + '-_', 35).map((s) => ({ detector: 'secret', text: `AIza${s}` })),
  fc.tuple(charsOf(ALNUM, 12), charsOf(ALNUM + '-_', 43)).map(([sub, sig]) => ({
    detector: 'secret',
    text: `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${sub}","iat":1700000000}`)}.${sig}`,
  })),
  charsOf(ALNUM + '+/', 64 * 5).map((s) => ({
    detector: 'secret',
    text: `-----BEGIN RSA PRIVATE KEY-----\n${s.match(/.{1,64}/g)!.join('\n')}\n-----END RSA PRIVATE KEY-----`,
  })),
  fc
    .tuple(
      fc.constantFrom('api_key', 'API_KEY', 'client_secret', 'password', 'auth_token', 'SECRET'),
      fc.constantFrom(' = ', '=', ': ', '="', ": '"),
      fc.integer({ min: 24, max: 48 }).chain((n) => charsOf(ALNUM, n)),
    )
    .map(([name, op, value]) => ({ detector: 'secret', text: `${name}${op}${value}`, secret: value })),
];

/** Sensitive data that must be found. */
export const plantedArb: fc.Arbitrary<Planted> = fc.oneof(
  cardText(true).map((text) => ({ detector: 'card' as const, text })),
  ssnParts.chain(([a, g, s]) =>
    fc.constantFrom('-', ' ').map((sep) => ({
      detector: 'ssn' as const,
      text: `${pad(a, 3)}${sep}${pad(g, 2)}${sep}${pad(s, 4)}`,
    })),
  ),
  ibanText(true).map((text) => ({ detector: 'iban' as const, text })),
  fc.oneof(...SECRETS),
);

/** Text that looks like sensitive data and is not: nothing may be found in it. */
export const nearMissArb: fc.Arbitrary<string> = fc.oneof(
  cardText(false),
  digitsOf(8).map((d) => `#${d}`),
  fc.tuple(fc.integer({ min: 2000, max: 2030 }), digitsOf(6)).map(([y, n]) => `ORD-${y}-${n}`),
  fc.uuid(),
  fc.constantFrom(32, 40, 64).chain((n) => charsOf('0123456789abcdef', n)),
  ibanText(false),
  fc
    .tuple(fc.constantFrom('000', '666', '900', '987'), digitsOf(2), digitsOf(4))
    .map(([a, g, s]) => `${a}-${g}-${s}`),
  digitsOf(3).map((a) => `${a}-00-1234`),
  fc.constantFrom(
    'api_key = YOUR_API_KEY_HERE',
    'password: ********',
    'token=xxxxxxxxxxxxxxxxxxxx',
    'secret = aaaaaaaaaaaaaaaaaaaa',
  ),
  fc
    .integer({ min: 1_000_000, max: 999_999_999 })
    .map((n) => `Invoice total ${n.toLocaleString('en-US')} USD`),
);

/** Words in several scripts, as chat text around the planted item. */
const WORDS = [
  'hello',
  'the',
  'invoice',
  'is',
  'attached',
  'please',
  'check',
  'thanks',
  'tomorrow',
  'meeting',
  'Rechnung',
  'bitte',
  'überweisen',
  'Grüße',
  'straße',
  'déjà',
  'reçu',
  'merci',
  'señor',
  'año',
  'привет',
  'счёт',
  'оплата',
  'спасибо',
  'مرحبا',
  'شكرا',
  'فاتورة',
  '请',
  '支付',
  '谢谢',
  'こんにちは',
  'お願いします',
  '請求書',
  '안녕하세요',
  'नमस्ते',
  'धन्यवाद',
  '🎉',
  '👍',
  '2026',
  'v1.2',
  'ok,',
  '(see',
  'below):',
];
export const proseArb = fc
  .array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 12 })
  .map((ws) => ws.join(' '));
/** What may sit directly before or after a planted item. */
export const edgeArb = fc.constantFrom(' ', '\n', ' (', ': ', ', ', ' "', '\t');
export const edgeAfterArb = fc.constantFrom(' ', '\n', ')', '.', ',', '"', '!', '\t');
