/**
 * What a message body may be: the server validates every send and edit with all of these rules
 * (through ./schemas.ts); the clients check the ones a person can break by typing before sending,
 * in the same words.
 */

/** 16 KB of UTF-8: the most a message body may hold. */
export const MAX_BODY_BYTES = 16 * 1024;

const encoder = new TextEncoder();
/** The length of `s` in UTF-8 (a lone surrogate counts as U+FFFD, as Node and browsers encode it). */
export const utf8Length = (s: string) => encoder.encode(s).length;

export interface BodyRule {
  /** True when `body` breaks the rule. */
  broken: (body: string) => boolean;
  /** What the server answers when it is broken. */
  message: string;
}

export const blankBody: BodyRule = {
  broken: (s) => s.trim().length === 0,
  message: 'A message needs some text',
};
export const longBody: BodyRule = {
  broken: (s) => utf8Length(s) > MAX_BODY_BYTES,
  message: 'At most 16 KB of text',
};
// Message text keeps newlines and tabs; other control characters (NUL above all) are refused.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BODY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const controlInBody: BodyRule = {
  broken: (s) => BODY_CONTROL.test(s),
  message: 'Must not contain control characters',
};

/** Every rule, in the order the server checks them. */
export const bodyRules: readonly BodyRule[] = [blankBody, longBody, controlInBody];
