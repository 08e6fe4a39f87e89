import { describe, expect, it } from 'vitest';
import { isReactionEmoji } from './emoji';

describe('isReactionEmoji', () => {
  it('takes pictographs, flags, keycaps and short-codes', () => {
    for (const s of ['👍', '❤️', '🇫🇷', '#️⃣', '1️⃣', ':thumbsup:', '👍🏽']) expect(isReactionEmoji(s)).toBe(true);
  });
  it('refuses plain text and a lone regional indicator', () => {
    for (const s of ['a', '1', 'hello', '🇫', '::']) expect(isReactionEmoji(s)).toBe(false);
  });
});
