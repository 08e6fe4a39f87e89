/**
 * Bounds of workspace settings and other inputs that the console's forms state and check before
 * the server does (the server's zod schemas use the same figures).
 */

/** How deep replies nest: 1 means replies to top-level messages only. */
export const REPLY_DEPTH = { min: 1, max: 10, default: 1 } as const;
/** The duplicate window in seconds (0 turns the check off). */
export const DUPLICATE_WINDOW_SECONDS = { min: 0, max: 3600, default: 10 } as const;
/**
 * How many identical messages one person may send in one conversation within the window: a second
 * "ok" or "+1" is conversation, a third in a few seconds is flooding. Long texts (at least
 * LONG_REPEAT_CHARS characters) get through once, whatever the setting: pasting them again is spam.
 */
export const DUPLICATE_REPEATS = { min: 1, max: 10, default: 2 } as const;
export const LONG_REPEAT_CHARS = 200;
/** How many identical copies of `body` the duplicate window lets through. */
export const repeatsAllowed = (body: string, setting: number) =>
  [...body.trim()].length >= LONG_REPEAT_CHARS ? 1 : setting;

/** What visitors read while nobody on the team is online, unless the admin wrote their own. */
export const WIDGET_AWAY_DEFAULT = "We're away right now. Leave your email and we'll get back to you.";

export const WIDGET_LIMITS = {
  titleMax: 60,
  greetingMax: 280,
  /** The away message visitors see while nobody on the team is online. */
  awayMax: 280,
  /** Allowed host origins. */
  originsMax: 20,
  originMaxLength: 200,
  anonymousPerHourMax: 100_000,
  /** The privacy notice the widget shows, and the address of the host's full notice. */
  noticeMax: 1000,
  noticeUrlMax: 500,
} as const;

/** The longest lifetime an API key may be created with. */
export const API_KEY_MAX_DAYS = 3650;

/** At most this many characters in an admin's reason for correcting a message (migration 0030). */
export const CORRECTION_REASON_MAX = 500;
