/**
 * Initials avatars: one or two letters on the colour the person chose on their profile, or else one
 * picked from the user id, so that a person has the same colour everywhere, for everyone, in every
 * session (and a name change keeps it). The palette and its contrast rules: shared/avatar-colours.ts.
 */
import { AVATAR_PALETTE, isAvatarColourName, type AvatarShades } from '@/shared/avatar-colours';

export type AvatarColour = AvatarShades;

export const AVATAR_TEXT = { light: '#ffffff', dark: '#000000' } as const;

/** The palette in hash order (shared/avatar-colours.ts names each one for the profile picker). */
export const AVATAR_COLOURS: readonly AvatarColour[] = Object.values(AVATAR_PALETTE);

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
export function avatarColour(userId: string | null, chosen?: string | null): AvatarColour {
  // A name this build does not know (a newer server's) falls back to the hash, not to nothing.
  if (isAvatarColourName(chosen)) return AVATAR_PALETTE[chosen];
  if (!userId) return NO_PERSON_COLOUR;
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return AVATAR_COLOURS[(h >>> 0) % AVATAR_COLOURS.length]!;
}
