import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_LIST_DEPTH,
  MAX_REJECTED_URLS,
  parseBlocks,
  parseInline,
  type Block,
  type Inline,
  type ListBlock,
  type ListItem,
  type Meter,
} from './markdown';

/** Every href in a parsed tree. */
function hrefs(nodes: Inline[]): string[] {
  return nodes.flatMap((n) =>
    n.t === 'link' ? [n.href, ...hrefs(n.c)] : n.t === 'strong' || n.t === 'em' ? hrefs(n.c) : [],
  );
}
const allHrefs = (src: string) => parseBlocks(src).flatMap((b) => (b.t === 'p' ? hrefs(b.c) : []));

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

  it('survives deep nesting', () => {
    const deep = '*'.repeat(2000) + 'x' + '*'.repeat(2000);
    expect(() => parseInline(deep)).not.toThrow();
    const nested = '**a *b _c [d](https://x.example) c_ b* a**';
    expect(parseInline(nested)).toEqual([
      {
        t: 'strong',
        c: [
          { t: 'text', v: 'a ' },
          {
            t: 'em',
            c: [
              { t: 'text', v: 'b ' },
              {
                t: 'em',
                c: [
                  { t: 'text', v: 'c ' },
                  { t: 'link', href: 'https://x.example/', c: [{ t: 'text', v: 'd' }] },
                  { t: 'text', v: ' c' },
                ],
              },
              { t: 'text', v: ' b' },
            ],
          },
          { t: 'text', v: ' a' },
        ],
      },
    ]);
  });

  it('closes a code span at the first run at least as long; the rest of that run is text', () => {
    expect(parseInline('`a`` b`')).toEqual([
      { t: 'code', v: 'a' },
      { t: 'text', v: '` b`' },
    ]);
    expect(parseInline('``a`b`` `c`')).toEqual([
      { t: 'code', v: 'a`b' },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'c' },
    ]);
  });

  it('starts no link or URL inside a rejected one', () => {
    // Each candidate would otherwise be handed to the URL parser again, to the end of the text.
    expect(parseInline('http://[a)http://a.example')).toEqual([
      { t: 'text', v: 'http://[a)http://a.example' },
    ]);
    expect(parseInline('[x](javascript:[y](https://ok.example))')).toEqual([
      { t: 'text', v: '[x](javascript:[y](https://ok.example))' },
    ]);
    // After white space the next one is a candidate again.
    expect(parseInline('http://[a) http://a.example')).toEqual([
      { t: 'text', v: 'http://[a) ' },
      { t: 'link', href: 'http://a.example/', c: [{ t: 'text', v: 'http://a.example' }] },
    ]);
  });

  it('tries at most MAX_REJECTED_URLS rejected URLs per message', () => {
    const bad = (n: number) => Array.from({ length: n }, () => 'http://[x]').join(' ');
    expect(allHrefs(`${bad(MAX_REJECTED_URLS - 1)} [ok](https://ok.example)`)).toEqual([
      'https://ok.example/',
    ]);
    expect(allHrefs(`${bad(MAX_REJECTED_URLS)} [ok](https://ok.example)`)).toEqual([]);
    // The budget is the message's, not each paragraph's.
    expect(allHrefs(`${bad(MAX_REJECTED_URLS)}\n\nhttps://ok.example`)).toEqual([]);
  });
});

describe('parsing work', () => {
  const LIMIT = 16 * 1024;
  const fill = (unit: string, length: number) =>
    unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  // What once made the parser re-scan the rest of the text from every position, and what each of
  // its searches looks for.
  const FRAGMENTS = [
    '*a ',
    '**a ',
    '_a ',
    '[a](',
    '[',
    '](',
    '(',
    ')',
    '`',
    '``',
    '```',
    '<@',
    `<@${'a'.repeat(64)}`,
    '@',
    '@here',
    '@channe',
    'a',
    ' ',
    '\n',
    '*',
    '_',
    '**',
    'http://a',
    'https://',
    'http://[a) ',
    '[a](http://[a',
    '**_*[a',
    'é',
    '\u00a0',
    '~~a ',
    '~~',
    '~',
    '> ',
    '\n> ',
    '>',
    '- ',
    '\n- ',
    '* ',
    '1. ',
    '\n2) ',
  ];
  const repeated = fc
    .tuple(
      fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: LIMIT }),
    )
    .map(([parts, n]) => fill(parts.join(''), n));
  const urlThenParens = fc.integer({ min: 1, max: LIMIT - 8 }).map((n) => `http://a${')'.repeat(n)}`);
  // Backtick runs, each shorter than the one before, so none closes an earlier one.
  const shrinkingTicks = fc
    .integer({ min: 1, max: 180 })
    .map((k) => Array.from({ length: k }, (_, i) => '`'.repeat(k - i)).join(' '));
  const CLOSER: Record<string, string> = { '**': '**', '*': '*', _: '_', '[': '](https://a.example)' };
  // Openers, then their closers in reverse, repeated: nesting to and past MAX_DEPTH.
  const nested = fc
    .tuple(
      fc.array(fc.constantFrom('**', '*', '_', '['), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 1, max: LIMIT }),
    )
    .map(([openers, n]) => {
      const head = openers.map((o) => `${o}a `).join('');
      const tail = [...openers]
        .reverse()
        .map((o) => ` a${CLOSER[o]}`)
        .join('');
      return fill(`${head}x${tail} `, n);
    });
  // List markers indented further and further, then back: every level opened and closed.
  const stairs = fc
    .tuple(
      fc.integer({ min: 1, max: 400 }),
      fc.constantFrom('- ', '1. ', '* '),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([n, marker, step]) =>
      Array.from({ length: n }, (_, i) => `${' '.repeat(step * (i % 40))}${marker}x`).join('\n'),
    );
  const random = fc.string({ unit: fc.constantFrom(...'*_~`[]()<>@h:/.-1 \n\tae\u00e9'), maxLength: LIMIT });

  /**
   * Every search in the parser reads each character a bounded number of times, so the characters
   * it examines are at most C times the length. C adds up those passes: 18 to split the message into
   * blocks (2 for the message, 8 per line, 8 more for a line in a quote: markdown.ts), 1 for the inline loop, 3 for backtick runs and code spans, 2 for the table of runs, 7 for
   * the seven forward-only searches, 3 for the URL-end table, 1 for `<@id>`, 4 for comparing
   * `@channel`/`@here`/`http(s)://`, 3 for bare URLs, 1 for link URLs, 1 for text past MAX_DEPTH and
   * 1 for the search for `~~`: 45, so 48 (plus 48 for the one-off steps of a tiny text). A parser that re-scans from each
   * opener examines hundreds of times the length at 16 KB.
   */
  const C = 48;

  it('examines at most C characters per character of the message, however it is written', () => {
    fc.assert(
      fc.property(fc.oneof(repeated, urlThenParens, shrinkingTicks, nested, stairs, random), (text) => {
        const meter: Meter = { visits: 0 };
        parseBlocks(text, meter);
        expect(meter.visits).toBeLessThanOrEqual(C * text.length + C);
      }),
      { numRuns: 300 },
    );
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

describe('lists, quotes and strikethrough', () => {
  const text = (v: string): Inline => ({ t: 'text', v });
  const li = (c: Inline[], sub: ListBlock[] = []): ListItem => ({ c, sub });
  const ul = (...items: ListItem[]): ListBlock => ({ t: 'ul', items });
  const ol = (start: number, ...items: ListItem[]): ListBlock => ({ t: 'ol', start, items });
  /** How deep the lists of a block go (a list holding no list is 1). */
  const depth = (b: Block): number =>
    b.t === 'ul' || b.t === 'ol' ? 1 + Math.max(0, ...b.items.flatMap((i) => i.sub.map(depth))) : 0;

  it('reads ~~struck~~ text, with formatting inside, and leaves lone or padded tildes as text', () => {
    expect(parseInline('a ~~b **c**~~ d')).toEqual([
      text('a '),
      { t: 'del', c: [text('b '), { t: 'strong', c: [text('c')] }] },
      text(' d'),
    ]);
    expect(parseInline('~a~ ~~ b~~ ~~c')).toEqual([text('~a~ ~~ b~~ ~~c')]);
  });

  it('reads bulleted and numbered lists, formatting inside items, a line under an item in it', () => {
    expect(parseBlocks('Todo:\n- **one**\n* two\nmore\n\n3. x\n4) _y_')).toEqual([
      { t: 'p', c: [text('Todo:')] },
      {
        t: 'ul',
        items: [li([{ t: 'strong', c: [text('one')] }]), li([text('two'), { t: 'br' }, text('more')])],
      },
      { t: 'ol', start: 3, items: [li([text('x')]), li([{ t: 'em', c: [text('y')] }])] },
    ]);
    // A bullet and a number start different lists; markers need text after a space.
    expect(parseBlocks('- a\n1. b').map((b) => b.t)).toEqual(['ul', 'ol']);
    expect(parseBlocks('-a\n*b*\n1.5 kg\n- ')).toEqual([
      {
        t: 'p',
        c: [
          text('-a'),
          { t: 'br' },
          { t: 'em', c: [text('b')] },
          { t: 'br' },
          text('1.5 kg'),
          { t: 'br' },
          text('- '),
        ],
      },
    ]);
  });

  it('nests lists by indenting, closes inner lists when outdented, and mixes kinds', () => {
    expect(parseBlocks('- a\n  - b\n    - c\n    more\n  - d\n- e')).toEqual([
      ul(
        li(
          [text('a')],
          [ul(li([text('b')], [ul(li([text('c'), { t: 'br' }, text('    more')]))]), li([text('d')]))],
        ),
        li([text('e')]),
      ),
    ]);
    // Numbered steps with bullets under them, the step numbers kept; a tab counts as four spaces.
    expect(parseBlocks('1. step\n   - detail\n\t- also\n2. next')).toEqual([
      ol(1, li([text('step')], [ul(li([text('detail')]), li([text('also')]))]), li([text('next')])),
    ]);
    // Another kind beside an inner list is a list of its own in the same item.
    expect(parseBlocks('- a\n  - b\n  3. c')).toEqual([
      ul(li([text('a')], [ul(li([text('b')])), ol(3, li([text('c')]))])),
    ]);
    // Outdented, but still two spaces past the parent: a sibling of the inner item, not a new list.
    expect(parseBlocks('- a\n    - b\n  - c')).toEqual([
      ul(li([text('a')], [ul(li([text('b')]), li([text('c')]))])),
    ]);
    // One space is not a level; a top-level marker indented four spaces is text; a blank line ends it all.
    expect(parseBlocks('- a\n - b')).toEqual([ul(li([text('a')]), li([text('b')]))]);
    expect(parseBlocks('    - a')).toEqual([{ t: 'p', c: [text('    - a')] }]);
    expect(parseBlocks('- a\n  - b\n\n  - c').map((b) => b.t)).toEqual(['ul', 'ul']);
  });

  it(`nests at most ${MAX_LIST_DEPTH} deep, deeper items joining the deepest list`, () => {
    const stairs = Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- step ${i}`).join('\n');
    const [list] = parseBlocks(stairs);
    expect(depth(list!)).toBe(MAX_LIST_DEPTH);
    let deepest = list as ListBlock;
    while (deepest.items[0]!.sub[0]) deepest = deepest.items[0]!.sub[0];
    expect(deepest.items).toHaveLength(500 - MAX_LIST_DEPTH + 1);
    expect(deepest.items.at(-1)!.c).toEqual([text('step 499')]);
  });

  it('reads block quotes holding paragraphs, lists and code, but no quote in a quote', () => {
    expect(parseBlocks('> said *this*\n>- a\n> > b\nafter')).toEqual([
      {
        t: 'quote',
        c: [
          { t: 'p', c: [text('said '), { t: 'em', c: [text('this')] }] },
          { t: 'ul', items: [li([text('a'), { t: 'br' }, text('> b')])] },
        ],
      },
      { t: 'p', c: [text('after')] },
    ]);
    expect(parseBlocks('> ```\n> <b>x</b>\n> ```')).toEqual([
      { t: 'quote', c: [{ t: 'pre', v: '<b>x</b>' }] },
    ]);
  });

  it('keeps HTML and dangerous links text inside lists and quotes', () => {
    const blocks = parseBlocks('- <script>x</script>\n> [a](javascript:alert(1)) ~~<i>~~');
    expect(blocks).toEqual([
      { t: 'ul', items: [li([text('<script>x</script>')])] },
      { t: 'quote', c: [{ t: 'p', c: [text('[a](javascript:alert(1)) '), { t: 'del', c: [text('<i>')] }] }] },
    ]);
  });
});
