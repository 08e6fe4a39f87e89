import { describe, expect, it } from 'vitest';
import { blockedLinks, normaliseDomain } from './blocked-domains';

describe('normaliseDomain', () => {
  it.each([
    ['evil.example', 'evil.example'],
    ['  https://Evil.Example/path?q=1 ', 'evil.example'],
    ['*.evil.example', 'evil.example'],
    ['evil.example:8080', 'evil.example'],
    ['bücher.de', 'xn--bcher-kva.de'],
  ])('%j → %j', (input, host) => expect(normaliseDomain(input)).toBe(host));

  it.each(['', 'localhost', '1.2.3.4', 'exa mple.com', '-bad.example', 'a..b', `${'a'.repeat(64)}.com`])(
    'refuses %j',
    (input) => expect(normaliseDomain(input)).toBeNull(),
  );
});

describe('blockedLinks', () => {
  const find = (text: string) => blockedLinks(text, ['evil.example']).map((l) => text.slice(l.start, l.end));

  it('finds the host, its subdomains, with or without a scheme, in Markdown and autolinks', () => {
    expect(find('see evil.example.')).toEqual(['evil.example']);
    expect(find('https://cdn.EVIL.example/a?b=c, then')).toEqual(['https://cdn.EVIL.example/a?b=c']);
    expect(find('a [nice page](https://evil.example/x) b')).toEqual(['[nice page](https://evil.example/x)']);
    expect(find('a <http://evil.example:8443/x> b')).toEqual(['<http://evil.example:8443/x>']);
  });

  it('leaves lookalikes, other hosts and email addresses alone', () => {
    expect(find('notevil.example evil.example.org evil-example.com good.example ana@evil.example')).toEqual(
      [],
    );
  });
});
