/**
 * Mentions in message text: `<@userId>` names a person (clients insert it from the autocomplete and
 * render it as a name), `@channel` everyone in the conversation, `@here` those of them online now.
 */
const USER = /<@([A-Za-z0-9_-]{1,64})>/g;
const word = (w: string) => new RegExp(`(^|[^\\p{L}\\p{N}_@])@${w}(?![\\p{L}\\p{N}_])`, 'u');
const CHANNEL = word('channel');
const HERE = word('here');

export interface Mentions {
  userIds: string[];
  channel: boolean;
  here: boolean;
}

export function parseMentions(body: string): Mentions {
  const userIds = [...new Set([...body.matchAll(USER)].map((m) => m[1] ?? ''))].filter(Boolean).slice(0, 50);
  return { userIds, channel: CHANNEL.test(body), here: HERE.test(body) };
}
