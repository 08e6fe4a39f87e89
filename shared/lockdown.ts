// Emergency lockdown of a workspace: the words and limits the server and the clients share.

export const LOCKDOWN_MODES = ['read_only', 'full'] as const;
export type LockdownMode = (typeof LOCKDOWN_MODES)[number];

/** A lockdown ends by itself; a week is the longest one start (or extension) sets. */
export const MAX_LOCKDOWN_MINUTES = 7 * 24 * 60;
export const LOCKDOWN_REASON_MAX = 500;

/** The console's choices of duration (the API takes any whole number of minutes up to the cap). */
export const LOCKDOWN_DURATIONS = [
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 240, label: '4 hours' },
  { minutes: 1440, label: '1 day' },
  { minutes: MAX_LOCKDOWN_MINUTES, label: '1 week' },
] as const;

export const lockdownModeLabel: Record<LockdownMode, string> = {
  read_only: 'Read-only',
  full: 'Full',
};

export const lockdownModeHelp: Record<LockdownMode, string> = {
  read_only: 'Everyone can still read; only admins can write.',
  full: 'Only admins can open the workspace; everyone else is disconnected from it.',
};

/** What a widget visitor is told: the reason is the team's business. */
export const visitorPause = (until: string) => `This chat is paused until ${until}. Please come back then.`;

/** What a refused caller is told (the server formats the end in UTC; the app in local time). */
export function lockdownRefusal(l: { mode: LockdownMode; reason: string }, until: string): string {
  const what = l.mode === 'full' ? 'open it' : 'write in it';
  return `This workspace is locked down until ${until}: ${l.reason}. Only admins can ${what} until then.`;
}

/**
 * What a member in quarantine is told: that they cannot use the workspace, or (a quarantine that
 * holds) that they may read and what they send waits for a moderator.
 */
export const quarantineRefusal = (reason: string, until: string, holds = false) =>
  holds
    ? `You are in quarantine in this workspace until ${until}: ${reason}. You can read, and your messages wait for a moderator's approval; you cannot do anything else until then.`
    : `You are in quarantine in this workspace until ${until}: ${reason}. You cannot use it until then.`;
