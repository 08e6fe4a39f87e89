/**
 * The avatar palette: a closed list of named colours a person may choose for their initials
 * avatar (the server stores the name, the browser draws it). Each has a shade for the light theme
 * (under white initials) and one for the dark theme (under black initials), each at least 4.5:1
 * against its initials (WCAG AA; components/ui/avatar.test.ts checks them all). The order is the
 * one the id hash indexes, so people who never choose keep the colour they always had.
 */

export interface AvatarShades {
  /** Background in the light theme, under white initials. */
  light: string;
  /** Background in the dark theme, under black initials. */
  dark: string;
}

export const AVATAR_PALETTE = {
  red: { label: 'Red', light: '#b42318', dark: '#f97066' },
  orange: { label: 'Orange', light: '#c4320a', dark: '#fd853a' },
  amber: { label: 'Amber', light: '#8a5a00', dark: '#fdb022' },
  green: { label: 'Green', light: '#2b7a0b', dark: '#85d46a' },
  emerald: { label: 'Emerald', light: '#067647', dark: '#3ccb7f' },
  teal: { label: 'Teal', light: '#0e7090', dark: '#22ccee' },
  blue: { label: 'Blue', light: '#175cd3', dark: '#84adff' },
  indigo: { label: 'Indigo', light: '#3538cd', dark: '#a4bcfd' },
  violet: { label: 'Violet', light: '#6938ef', dark: '#bdb4fe' },
  pink: { label: 'Pink', light: '#c11574', dark: '#f670c7' },
  rose: { label: 'Rose', light: '#9e165f', dark: '#fd6f8e' },
} as const satisfies Record<string, AvatarShades & { label: string }>;

export type AvatarColourName = keyof typeof AVATAR_PALETTE;

export const avatarColourNames = Object.keys(AVATAR_PALETTE) as [AvatarColourName, ...AvatarColourName[]];

export const isAvatarColourName = (v: unknown): v is AvatarColourName =>
  typeof v === 'string' && Object.hasOwn(AVATAR_PALETTE, v);

/**
 * The colour a person shows: the one they chose, or else one picked from their user id by FNV-1a
 * (cheap, stable across browsers and releases, spreads uuids evenly), so that a person has the
 * same colour everywhere, for everyone. The server uses it where it sends a colour but no id (the
 * widget's team faces), so those match the person's messages.
 */
export function avatarColourNameOf(userId: string, chosen?: string | null): AvatarColourName {
  if (isAvatarColourName(chosen)) return chosen;
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return avatarColourNames[(h >>> 0) % avatarColourNames.length]!;
}

/** "Ann Lee" → "AL", "ann" → "A", "Jean-Luc de la Cruz" → "JC"; "?" when there is nothing to show. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  // Whole code points, so a name starting with an emoji or an astral letter is not cut in half.
  const first = (w: string | undefined) => (w ? (Array.from(w)[0] ?? '') : '');
  const shown = first(words[0]) + (words.length > 1 ? first(words.at(-1)) : '');
  return shown.toLocaleUpperCase() || '?';
}
