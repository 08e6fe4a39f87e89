import { describe, expect, it } from 'vitest';
import { highlightPieces, queryWords } from './highlight';

const marked = (text: string, q: string) =>
  highlightPieces(text, q)
    .filter((p) => p.mark)
    .map((p) => p.text);

describe('highlightPieces', () => {
  it('marks every query word, whatever its case', () => {
    expect(marked('The Budget meeting: budget at noon', 'budget NOON')).toEqual(['Budget', 'budget', 'noon']);
  });
  it('keeps the text whole around the marks', () => {
    expect(highlightPieces('say hello, world', 'hello')).toEqual([
      { text: 'say ', mark: false },
      { text: 'hello', mark: true },
      { text: ', world', mark: false },
    ]);
  });
  it('marks words a query word of three or more characters begins, as the index matches them', () => {
    expect(marked('planning the plan, airplane', 'plan')).toEqual(['planning', 'plan']);
  });
  it('marks short query words only whole', () => {
    expect(marked('go gone ago', 'go')).toEqual(['go']);
  });
  it('folds accents on both sides', () => {
    expect(marked('Un café crème', 'cafe CREME')).toEqual(['café', 'crème']);
  });
  it('marks nothing for a query without words', () => {
    expect(highlightPieces('text', '  ?! ')).toEqual([{ text: 'text', mark: false }]);
  });
});

describe('queryWords', () => {
  it('splits like the server: letters and digits, lower case, once each', () => {
    expect(queryWords('Hello, hello WORLD-2')).toEqual(['hello', 'world', '2']);
  });
});

describe('the same words as the blind index', () => {
  it('agrees with the server on what the words of a query are', async () => {
    const { words } = await import('@/server/lib/crypto/search-tokens');
    for (const q of ['Ünïcode ＦＵＬＬ width', 'a-b_c d.e', 'Straße İstanbul', '日本語 テキスト 42']) {
      expect(queryWords(q)).toEqual([...new Set(words(q))]);
    }
  });
});
