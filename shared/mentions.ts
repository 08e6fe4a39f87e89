/**
 * The mention grammar of message text, one definition for the server (which notifies the people
 * named) and the clients (which complete, render and preview mentions):
 * - `<@userId>` names a person (clients insert it from the autocomplete and render it as a name);
 * - `@channel` everyone in the conversation, `@here` those of them online now, each as a word of
 *   its own: not after a letter, digit, `_` or `@`, and not followed by a letter, digit or `_`.
 */

/** A user id in `<@id>`: 1 to 64 of these characters (isMentionIdChar below says the same). */
export const MENTION_ID_CHARS = 'A-Za-z0-9_-';
export const MENTION_ID_MAX = 64;
/** At most this many people are notified by one message; more ids are text. */
export const MAX_MENTIONED_USERS = 50;

export const BROADCAST_MENTIONS = ['channel', 'here'] as const;
export type BroadcastMention = (typeof BROADCAST_MENTIONS)[number];
/** How a broadcast mention is written: `@channel`, `@here`. */
export type BroadcastToken = `@${BroadcastMention}`;

export const userMention = (userId: string) => `<@${userId}>`;
export const broadcastMention = (word: BroadcastMention): BroadcastToken => `@${word}`;

/** Whether one UTF-16 unit may appear in a mentioned user id (for scanners that walk char codes). */
export const isMentionIdChar = (c: number) =>
  c === 45 || c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

// Bounded repetition, no nesting: linear in the text.
const USER = new RegExp(`<@([${MENTION_ID_CHARS}]{1,${MENTION_ID_MAX}})>`, 'g');
const WORD = '\\p{L}\\p{N}_';
const broadcast = (w: BroadcastMention) => new RegExp(`(^|[^${WORD}@])@${w}(?![${WORD}])`, 'u');
// Made on first use: browsers that only render mentions never need them.
let broadcasts: Record<BroadcastMention, RegExp> | undefined;

/** `text` with every `<@id>` replaced by what `replace` makes of the id. */
export const replaceUserMentions = (text: string, replace: (userId: string) => string) =>
  text.replace(USER, (_, id: string) => replace(id));

/** Every `<@id>` in `text`: where it starts, how long it is, and the id (for editors that show names). */
export const userMentionsIn = (text: string) =>
  [...text.matchAll(USER)].map((m) => ({ index: m.index, length: m[0].length, userId: m[1] ?? '' }));

export interface Mentions {
  userIds: string[];
  channel: boolean;
  here: boolean;
}

/** Who a message mentions: distinct user ids in order of appearance, and the broadcast words. */
export function parseMentions(body: string): Mentions {
  const userIds = [...new Set([...body.matchAll(USER)].map((m) => m[1] ?? ''))]
    .filter(Boolean)
    .slice(0, MAX_MENTIONED_USERS);
  // `<@here>` names a person whose id is "here", as clients render it, and broadcasts nothing.
  const rest = body.replace(USER, ' ');
  broadcasts ??= { channel: broadcast('channel'), here: broadcast('here') };
  return { userIds, channel: broadcasts.channel.test(rest), here: broadcasts.here.test(rest) };
}
