/** The longest channel name the server accepts (server/domain/channel/schemas.ts). */
export const CHANNEL_NAME_MAX = 80;

/**
 * A channel name as the server will store it, shown while typing: lower case, accents dropped,
 * runs of spaces to one "-", anything but a-z, 0-9, "_" and "-" removed. Leading "-" or "_" stay,
 * so the server's own rule (start with a letter or digit) is what the person reads.
 */
export function slugChannelName(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9_-]/g, '')
    .slice(0, CHANNEL_NAME_MAX);
}

const FIELD_NAMES: Record<string, string> = { name: 'name', topic: 'topic', description: 'description' };

/**
 * The server's short field messages ("Required", "Taken", "At most 80 characters") as sentences
 * about this form's field, so they read well next to it.
 */
export function channelFieldSentence(field: string, message: string): string {
  const what = FIELD_NAMES[field] ?? field;
  if (message === 'Required') return `Give the channel a ${what}.`;
  if (message === 'Taken') return 'Another channel already has this name.';
  if (/^Lower-case letters/.test(message)) {
    return 'Use only lower-case letters, digits, - and _, and start with a letter or digit.';
  }
  const most = /^At most (\d+) characters$/.exec(message);
  if (most) return `The ${what} can be at most ${most[1]} characters long.`;
  if (message === 'Must not contain control characters')
    return `The ${what} cannot contain control characters.`;
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/** An error for the form: field messages as sentences, the top line dropped when fields say it. */
export function channelFormError<E extends { message: string; fieldErrors: Record<string, string[]> }>(
  error: E | null,
): E | null {
  if (!error) return null;
  const entries = Object.entries(error.fieldErrors);
  if (entries.length === 0) return error;
  const fieldErrors = Object.fromEntries(
    entries.map(([k, list]) => [k, list.map((m) => channelFieldSentence(k, m))]),
  );
  return { ...error, message: '', fieldErrors };
}
