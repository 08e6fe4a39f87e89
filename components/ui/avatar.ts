/**
 * Initials avatars: one or two letters on the colour the person chose on their profile, or else one
 * picked from the user id, so that a person has the same colour everywhere, for everyone, in every
 * session (and a name change keeps it). The palette and its contrast rules: shared/avatar-colours.ts.
 */
import {
  AVATAR_PALETTE,
  avatarColourNameOf,
  isAvatarColourName,
  type AvatarShades,
} from '@/shared/avatar-colours';

export { initials } from '@/shared/avatar-colours';

export type AvatarColour = AvatarShades;

export const AVATAR_TEXT = { light: '#ffffff', dark: '#000000' } as const;

/** The palette in hash order (shared/avatar-colours.ts names each one for the profile picker). */
export const AVATAR_COLOURS: readonly AvatarColour[] = Object.values(AVATAR_PALETTE);

/** For messages without an author (a deleted account): grey, the same for all of them. */
export const NO_PERSON_COLOUR: AvatarColour = { light: '#475467', dark: '#98a2b3' };

/** The colour chosen, or the one from the id (shared/avatar-colours.ts); grey for no person. */
export function avatarColour(userId: string | null, chosen?: string | null): AvatarColour {
  // A name this build does not know (a newer server's) falls back to the hash, not to nothing.
  if (isAvatarColourName(chosen)) return AVATAR_PALETTE[chosen];
  if (!userId) return NO_PERSON_COLOUR;
  return AVATAR_PALETTE[avatarColourNameOf(userId)];
}
