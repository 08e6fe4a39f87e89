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
