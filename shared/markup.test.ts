import { describe, expect, it } from 'vitest';
import { detectMarkup } from './markup';

const kinds = (text: string) => detectMarkup(text).map((m) => m.kind);

describe('detectMarkup', () => {
  it('reports script-capable tags, script URLs and event handlers', () => {
    expect(kinds('<script>alert(1)</script>')).toEqual(['tag', 'tag']);
    expect(kinds('<IFRAME src=x>')).toEqual(['tag']);
    expect(kinds('<img src=x onerror=alert(1)>')).toEqual(['handler']);
    expect(kinds('[x](javascript:alert(1))')).toEqual(['script-url']);
    expect(kinds('java\tscript&colon;alert(1)')).toEqual(['script-url']);
    expect(kinds('<svg/onload=alert(1)>')).toEqual(['tag']);
  });

  it('leaves comparisons, harmless tags and ordinary words alone', () => {
    expect(kinds('if a < b and c > d')).toEqual([]);
    expect(kinds('<b>bold</b> and <i>x</i>')).toEqual([]);
    expect(kinds('I write javascript: it is fun')).toEqual(['script-url']);
    expect(kinds('the onion = good, scripting, <br>')).toEqual([]);
  });
});
