import { describe, expect, it } from 'vitest';
import { parseBlocks, parseInline, safeHref, type Inline } from './markdown';

/** Every href in a parsed tree. */
function hrefs(nodes: Inline[]): string[] {
  return nodes.flatMap((n) =>
    n.t === 'link' ? [n.href, ...hrefs(n.c)] : n.t === 'strong' || n.t === 'em' ? hrefs(n.c) : [],
  );
}
const allHrefs = (src: string) => parseBlocks(src).flatMap((b) => (b.t === 'p' ? hrefs(b.c) : []));

describe('safeHref', () => {
  it('allows absolute http, https and mailto only', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHref('http://example.com')).toBe('http://example.com/');
    expect(safeHref('mailto:a@example.com')).toBe('mailto:a@example.com');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '//evil.example/x',
      '/relative',
      'javascript&#58;alert(1)',
      'file:///etc/passwd',
    ]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });
});

describe('parseInline', () => {
  it('reads bold, italic, code, mentions and links', () => {
    expect(parseInline('**b** *i* _j_ `c`')).toEqual([
      { t: 'strong', c: [{ t: 'text', v: 'b' }] },
      { t: 'text', v: ' ' },
      { t: 'em', c: [{ t: 'text', v: 'i' }] },
      { t: 'text', v: ' ' },
      { t: 'em', c: [{ t: 'text', v: 'j' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'c' },
    ]);
    expect(parseInline('hi <@u_1> @channel @here')).toEqual([
      { t: 'text', v: 'hi ' },
      { t: 'user', id: 'u_1' },
      { t: 'text', v: ' ' },
      { t: 'special', v: '@channel' },
      { t: 'text', v: ' ' },
      { t: 'special', v: '@here' },
    ]);
    expect(parseInline('[site](https://example.com)')).toEqual([
      { t: 'link', href: 'https://example.com/', c: [{ t: 'text', v: 'site' }] },
    ]);
  });

  it('leaves snake_case, e-mail-like @words and lone markers as text', () => {
    expect(parseInline('snake_case_name')).toEqual([{ t: 'text', v: 'snake_case_name' }]);
    expect(parseInline('me@channel.com a * b')).toEqual([{ t: 'text', v: 'me@channel.com a * b' }]);
  });

  it('autolinks bare URLs without trailing punctuation', () => {
    const nodes = parseInline('see https://example.com/x.');
    expect(nodes).toEqual([
      { t: 'text', v: 'see ' },
      { t: 'link', href: 'https://example.com/x', c: [{ t: 'text', v: 'https://example.com/x' }] },
      { t: 'text', v: '.' },
    ]);
  });

  it('never links a dangerous URL, however it is written', () => {
    for (const src of [
      '[x](javascript:alert(1))',
      '[x](JAVASCRIPT:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '[x](java\tscript:alert(1))',
      '[x](javascript://%0aalert(1))',
      '<a href="javascript:alert(1)">x</a>',
      'javascript:alert(1)',
      '**[x](javascript:alert(1))**',
      '[[x](javascript:alert(1))](https://example.com)',
    ]) {
      for (const href of allHrefs(src)) expect(href, src).toMatch(/^(https?:|mailto:)/);
    }
    expect(allHrefs('[x](javascript:alert(1))')).toEqual([]);
  });

  it('keeps HTML as text', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([
      { t: 'text', v: '<img src=x onerror=alert(1)>' },
    ]);
  });

  it('survives deep nesting and long hostile input', () => {
    const deep = '*'.repeat(2000) + 'x' + '*'.repeat(2000);
    expect(() => parseInline(deep)).not.toThrow();
    const many = '**a '.repeat(4000);
    const started = Date.now();
    parseInline(many);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('parseBlocks', () => {
  it('splits paragraphs, keeps line breaks and fenced code verbatim', () => {
    expect(parseBlocks('a\nb\n\n```js\n<b>**x**</b>\n```\nc')).toEqual([
      { t: 'p', c: [{ t: 'text', v: 'a' }, { t: 'br' }, { t: 'text', v: 'b' }] },
      { t: 'pre', v: '<b>**x**</b>' },
      { t: 'p', c: [{ t: 'text', v: 'c' }] },
    ]);
  });

  it('takes an unclosed fence to the end', () => {
    expect(parseBlocks('```\ncode')).toEqual([{ t: 'pre', v: 'code' }]);
  });
});
