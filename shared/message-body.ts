/**
 * What a message body may be: the server validates every send and edit with these rules
 * (through ./schemas.ts), and the clients check them before sending, in the same words.
 */

/** 16 KB of UTF-8: the most a message body may hold. */
export const MAX_BODY_BYTES = 16 * 1024;

/** The length of `s` in UTF-8 (a lone surrogate counts as U+FFFD, as Node and browsers encode it). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// Message text keeps newlines and tabs; other control characters (NUL above all) are refused.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BODY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The body rules in the order they are checked, each with the words the server answers with. */
export const bodyRules = [
  { problem: 'empty', ok: (s: string) => s.trim().length > 0, message: 'A message needs some text' },
  {
    problem: 'tooLong',
    ok: (s: string) => utf8Length(s) <= MAX_BODY_BYTES,
    message: 'At most 16 KB of text',
  },
  {
    problem: 'control',
    ok: (s: string) => !BODY_CONTROL.test(s),
    message: 'Must not contain control characters',
  },
] as const;
export type BodyRule = (typeof bodyRules)[number];

/** The first rule `body` breaks, or null when it may be sent. */
export const bodyProblem = (body: string): BodyRule | null => bodyRules.find((r) => !r.ok(body)) ?? null;
