/**
 * What counts as one reaction emoji, on both sides: the picker offers only what the server takes.
 * Flags (regional indicator pairs) and keycaps (#️⃣, 1️⃣) are emoji without being
 * Extended_Pictographic, so they are named here too.
 */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|\u20E3/u;
const SHORTCODE = /^:[a-z0-9_+-]{1,30}:$/;

export function isReactionEmoji(s: string): boolean {
  return SHORTCODE.test(s) || EMOJI.test(s);
}
