import { describe, expect, it } from 'vitest';
import data from 'emojibase-data/en/compact.json';
import shortcodes from 'emojibase-data/en/shortcodes/github.json';
import { COMMON_EMOJIS, gridMove, searchEmojis, toEntries } from './emoji-search';
import { isReactionEmoji } from '../../shared/emoji';

const entries = toEntries(data, shortcodes);
const first = (q: string) => searchEmojis(entries, q)[0]?.emoji;

describe('the emoji dataset', () => {
  it('holds the full set without skin-tone components, every one a reaction the server takes', () => {
    expect(entries.length).toBeGreaterThan(1800);
    expect(entries.some((e) => e.name.includes('skin tone') && e.group === 2)).toBe(false);
    expect(entries.filter((e) => !isReactionEmoji(e.emoji))).toEqual([]);
  });
  it('spells the common reactions as the common row does', () => {
    for (const c of COMMON_EMOJIS) expect(entries.filter((e) => e.emoji === c.emoji)).toHaveLength(1);
  });
});

describe('searchEmojis', () => {
  it('finds by name, keyword and short-code', () => {
    expect(first('thumbs')).toMatch(/^👍/);
    expect(first('tada')).toBe('🎉');
    expect(first(':+1:')).toBe('👍');
    expect(searchEmojis(entries, 'heart').map((e) => e.emoji)).toContain('❤️');
  });
  it('needs every word to match, and finds nothing for nonsense or an empty query', () => {
    expect(searchEmojis(entries, 'thumbs down').every((e) => e.name.includes('down'))).toBe(true);
    expect(searchEmojis(entries, 'zzqx')).toEqual([]);
    expect(searchEmojis(entries, '  ')).toEqual([]);
  });
});

describe('gridMove', () => {
  // Two sections, 4 wide: [0 1 2 3][4 5] then [6 7 8 9][10].
  const sizes = [6, 5];
  it('moves along a row and clamps at the ends', () => {
    expect(gridMove(sizes, 4, 0, 'ArrowRight')).toBe(1);
    expect(gridMove(sizes, 4, 0, 'ArrowLeft')).toBe(0);
    expect(gridMove(sizes, 4, 10, 'ArrowRight')).toBe(10);
  });
  it('keeps the column going down and up, across sections and into short rows', () => {
    expect(gridMove(sizes, 4, 1, 'ArrowDown')).toBe(5);
    expect(gridMove(sizes, 4, 3, 'ArrowDown')).toBe(5);
    expect(gridMove(sizes, 4, 5, 'ArrowDown')).toBe(7);
    expect(gridMove(sizes, 4, 8, 'ArrowDown')).toBe(10);
    expect(gridMove(sizes, 4, 10, 'ArrowDown')).toBe(10);
    expect(gridMove(sizes, 4, 7, 'ArrowUp')).toBe(5);
    expect(gridMove(sizes, 4, 2, 'ArrowUp')).toBe(2);
  });
  it('goes to the first and last with Home and End; other keys are not its own', () => {
    expect(gridMove(sizes, 4, 7, 'Home')).toBe(0);
    expect(gridMove(sizes, 4, 0, 'End')).toBe(10);
    expect(gridMove(sizes, 4, 0, 'a')).toBeNull();
    expect(gridMove([], 4, 0, 'End')).toBeNull();
  });
});
