import { describe, expect, it } from 'vitest';
import {
  broadcastMention,
  isMentionIdChar,
  MAX_MENTIONED_USERS,
  MENTION_ID_MAX,
  parseMentions,
  replaceUserMentions,
  userMention,
  userMentionsIn,
} from './mentions';

describe('the mention grammar', () => {
  it('reads people by id, once each, in order, and @channel / @here as words', () => {
    expect(parseMentions('hi <@u_1> and <@B-2>, <@u_1> again; @channel')).toEqual({
      userIds: ['u_1', 'B-2'],
      channel: true,
      here: false,
    });
    expect(parseMentions('(@here) @channel.')).toEqual({ userIds: [], channel: true, here: true });
  });

  it('takes ids of 1 to 64 letters, digits, _ and -, and nothing else', () => {
    const longest = 'a'.repeat(MENTION_ID_MAX);
    expect(parseMentions(userMention(longest)).userIds).toEqual([longest]);
    expect(parseMentions(userMention(`${longest}a`)).userIds).toEqual([]);
    for (const bad of ['<@>', '<@a b>', '<@é>', '<@a.b>', '<@a', '<a>', '@<a>'])
      expect(parseMentions(bad).userIds, bad).toEqual([]);
  });

  it('does not take @channel or @here inside a word, an address or a longer word', () => {
    for (const text of ['me@channel.com', 'x@here', '@@here', '@channels', '@here_now', '@hereé', 'é@here'])
      expect(parseMentions(text), text).toEqual({ userIds: [], channel: false, here: false });
    expect(parseMentions(`${broadcastMention('here')}!`).here).toBe(true);
    // A person token whose id is a broadcast word is that person (clients show it so), not everyone.
    expect(parseMentions('<@here> <@channel>')).toEqual({
      userIds: ['here', 'channel'],
      channel: false,
      here: false,
    });
    expect(parseMentions('<@x>@here <@here')).toEqual({ userIds: ['x'], channel: false, here: true });
  });

  it('notifies at most 50 people per message', () => {
    const body = Array.from({ length: 60 }, (_, i) => userMention(`u${i}`)).join(' ');
    expect(parseMentions(body).userIds).toHaveLength(MAX_MENTIONED_USERS);
  });

  it('agrees, character by character, on what an id may hold', () => {
    for (let c = 0; c < 0x3000; c++) {
      const id = `a${String.fromCharCode(c)}b`;
      expect(isMentionIdChar(c), `U+${c.toString(16)}`).toBe(
        parseMentions(userMention(id)).userIds.join() === id,
      );
    }
  });

  it('replaces each person mention, leaving the rest of the text alone', () => {
    expect(replaceUserMentions('<@a> met <@b> <@> @here', (id) => `@${id.toUpperCase()}`)).toBe(
      '@A met @B <@> @here',
    );
  });
});

describe('userMentionsIn', () => {
  it('finds each <@id> with its place, and no broadcast word or broken token', () => {
    expect(userMentionsIn('<@a1> hi <@b-2>, @here <@> <@c')).toEqual([
      { index: 0, length: 5, userId: 'a1' },
      { index: 9, length: 6, userId: 'b-2' },
    ]);
  });
});
