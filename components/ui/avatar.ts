/**
 * Initials avatars: one or two letters on a colour picked from the user id, so that a person has
 * the same colour everywhere, for everyone, in every session (and a name change keeps it). Each
 * colour has a shade for the light theme (white initials) and one for the dark theme (black
 * initials), each at least 4.5:1 against its initials (WCAG AA; avatar.test.ts checks them all).
 */

export interface AvatarColour {
  /** Background in the light theme, under white initials. */
  light: string;
  /** Background in the dark theme, under black initials. */
  dark: string;
}

export const AVATAR_TEXT = { light: '#ffffff', dark: '#000000' } as const;

export const AVATAR_COLOURS: readonly AvatarColour[] = [
  { light: '#b42318', dark: '#f97066' },
  { light: '#c4320a', dark: '#fd853a' },
  { light: '#8a5a00', dark: '#fdb022' },
  { light: '#2b7a0b', dark: '#85d46a' },
  { light: '#067647', dark: '#3ccb7f' },
  { light: '#0e7090', dark: '#22ccee' },
  { light: '#175cd3', dark: '#84adff' },
  { light: '#3538cd', dark: '#a4bcfd' },
  { light: '#6938ef', dark: '#bdb4fe' },
  { light: '#c11574', dark: '#f670c7' },
  { light: '#9e165f', dark: '#fd6f8e' },
];

/** For messages without an author (a deleted account): grey, the same for all of them. */
export const NO_PERSON_COLOUR: AvatarColour = { light: '#475467', dark: '#98a2b3' };

/** "Ann Lee" → "AL", "ann" → "A", "Jean-Luc de la Cruz" → "JC"; "?" when there is nothing to show. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  // Whole code points, so a name starting with an emoji or an astral letter is not cut in half.
  const first = (w: string | undefined) => (w ? (Array.from(w)[0] ?? '') : '');
  const shown = first(words[0]) + (words.length > 1 ? first(words.at(-1)) : '');
  return shown.toLocaleUpperCase() || '?';
}

/** FNV-1a over the id: cheap, stable across browsers and releases, and spreads uuids evenly. */
export function avatarColour(userId: string | null): AvatarColour {
  if (!userId) return NO_PERSON_COLOUR;
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return AVATAR_COLOURS[(h >>> 0) % AVATAR_COLOURS.length]!;
}
