import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits } from './format-text';
import { parseInline } from './markdown';
import { insertLink, linkFields, linkTarget, linkTextFits } from './link-text';

/** `text` with `[` `]` marking the selection, linked; the result with `|` at the caret. */
function link(marked: string, fields: { text: string; url: string }): string {
  const start = marked.indexOf('[');
  const end = marked.indexOf(']') - 1;
  const text = marked.replace('[', '').replace(']', '');
  const href = linkTarget(fields.url);
  if (href === null) throw new Error(`refused: ${fields.url}`);
  const f = insertLink(text, start, end, { text: fields.text, href });
  expect(f.start).toBe(f.end);
  const out = applyEdits(text, f.edits);
  return `${out.slice(0, f.start)}|${out.slice(f.start)}`;
}

describe('insertLink', () => {
  it('wraps the selected word, keeping white space at its ends outside, the caret after it', () => {
    expect(link('see [docs] now', { text: 'docs', url: 'https://example.com/a' })).toBe(
      'see [docs](https://example.com/a)| now',
    );
    expect(link('see [docs ]now', { text: 'docs', url: 'https://example.com' })).toBe(
      'see [docs](https://example.com/)| now',
    );
    // An emptied text field keeps the selected text.
    expect(link('[docs]', { text: '', url: 'http://x.example' })).toBe('[docs](http://x.example/)|');
  });

  it('wraps by two insertions, so a mention pill inside the selection is not replaced', () => {
    const text = 'ask @Ann now';
    const href = linkTarget('https://example.com')!;
    const f = insertLink(text, 4, 8, { text: '@Ann', href });
    expect(f.edits).toEqual([
      { from: 4, to: 4, insert: '[' },
      { from: 8, to: 8, insert: '](https://example.com/)' },
    ]);
  });

  it('replaces the selection when the text was changed, and uses the address when there is none', () => {
    expect(link('see [this] now', { text: 'the  docs', url: 'https://example.com' })).toBe(
      'see [the docs](https://example.com/)| now',
    );
    expect(link('a []b', { text: 'docs', url: 'https://example.com' })).toBe(
      'a [docs](https://example.com/)|b',
    );
    expect(link('a []b', { text: ' ', url: 'https://example.com' })).toBe(
      'a [https://example.com/](https://example.com/)|b',
    );
    expect(link('[two\nlines]', { text: 'two\nlines', url: 'https://example.com' })).toBe(
      '[two lines](https://example.com/)|',
    );
  });

  it('escapes what would end the address early, and the result renders as that link', () => {
    const href = linkTarget('https://en.example/wiki/Foo_(bar) x')!;
    expect(href).toBe('https://en.example/wiki/Foo_%28bar%29%20x');
    const out = applyEdits('docs', insertLink('docs', 0, 4, { text: 'docs', href }).edits);
    expect(parseInline(out)).toEqual([{ t: 'link', href, c: [{ t: 'text', v: 'docs' }] }]);
    expect(linkTarget('mailto:a b@example.com')).toBe('mailto:a%20b@example.com');
  });
});

describe('linkTextFits', () => {
  const href = 'https://a.example/';
  const isWholeLink = (label: string) => {
    const nodes = parseInline(`[${label}](${href})`);
    return nodes.length === 1 && nodes[0]!.t === 'link' && nodes[0]!.href === href;
  };

  it('agrees with the renderer on which texts make a link', () => {
    const label = fc
      .string({ unit: fc.constantFrom(...'[]()ab *_~`@:/'), minLength: 1, maxLength: 12 })
      .map((t) => t.trim())
      .filter((t) => t !== '');
    fc.assert(
      fc.property(label, (t) => {
        expect(linkTextFits(t), t).toBe(isWholeLink(t));
      }),
      { numRuns: 500 },
    );
    expect(linkTextFits('a]b')).toBe(true);
    expect(linkTextFits('a [b] c')).toBe(false);
    expect(linkTextFits('a](b')).toBe(false);
  });

  it('lets an address with brackets be its own text, escaped', () => {
    const bracketed = linkTarget('https://a.example/q?tags[]=x')!;
    expect(bracketed).toBe('https://a.example/q?tags%5B%5D=x');
    const out = applyEdits('', insertLink('', 0, 0, { text: '', href: bracketed }).edits);
    expect(parseInline(out)).toEqual([{ t: 'link', href: bracketed, c: [{ t: 'text', v: bracketed }] }]);
  });
});

describe('linkTarget', () => {
  it('refuses what the renderer would not draw as a link', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,x',
      '/relative',
      '',
      'docs',
    ])
      expect(linkTarget(bad), bad).toBeNull();
  });
});

describe('linkFields', () => {
  it('puts a selected address in the URL field and other text in the text field', () => {
    expect(linkFields('https://example.com/x')).toEqual({ text: '', url: 'https://example.com/x' });
    expect(linkFields(' the  docs ')).toEqual({ text: 'the docs', url: '' });
    expect(linkFields('javascript:alert(1)')).toEqual({ text: 'javascript:alert(1)', url: '' });
    expect(linkFields('')).toEqual({ text: '', url: '' });
  });
});
