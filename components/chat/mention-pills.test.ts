import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffEdit, fromWire, rebase, shiftPills, toWire, withPill, type Draft } from './mention-pills';

const names = new Map([
  ['u1', 'Ann Lee'],
  ['u2', "Seán O'Neil"],
  ['u3', 'Ann Lee'],
]);
const nameOf = (id: string) => names.get(id);

describe('mention pills', () => {
  it('shows tokens as names and puts the tokens back: start, end, punctuation, spaces, apostrophes', () => {
    const body = '<@u1>, meet <@u2>! (<@u3>) and <@gone>.<@u1>';
    const draft = fromWire(body, nameOf);
    expect(draft.text).toBe("@Ann Lee, meet @Seán O'Neil! (@Ann Lee) and @unknown.@Ann Lee");
    expect(draft.text).not.toContain('<@');
    expect(draft.pills.map((p) => [draft.text.slice(p.start, p.end), p.userId])).toEqual([
      ['@Ann Lee', 'u1'],
      ["@Seán O'Neil", 'u2'],
      ['@Ann Lee', 'u3'],
      ['@unknown', 'gone'],
      ['@Ann Lee', 'u1'],
    ]);
    expect(toWire(draft)).toBe(body);
  });

  it('keeps two people with the same name apart through edits', () => {
    let d = fromWire('<@u1> <@u3>', nameOf);
    d = rebase(d, `hi ${d.text}`);
    d = rebase(d, d.text.replace('Lee @', 'Lee and @'));
    expect(d.text).toBe('hi @Ann Lee and @Ann Lee');
    expect(toWire(d)).toBe('hi <@u1> and <@u3>');
  });

  it('turns a mention whose name was edited into plain text, and leaves the others', () => {
    const d = fromWire('<@u1> <@u2>', nameOf);
    // A letter deleted inside the first name, one typed onto the end of the second.
    const cut = rebase(d, d.text.replace('Ann Lee', 'Ann Le'));
    expect(toWire(cut)).toBe('@Ann Le <@u2>');
    const longer = rebase(d, `${d.text}x`);
    expect(toWire(longer)).toBe("<@u1> @Seán O'Neilx");
    // Punctuation or a space after a name, or text before the @, is not an edit of it.
    expect(toWire(rebase(d, `${d.text}.`))).toBe('<@u1> <@u2>.');
    // The composer applies a format's edits one at a time, as the browser reports each.
    const bolded = rebase(rebase(d, `${d.text}**`), `**${d.text}**`);
    expect(toWire(bolded)).toBe('**<@u1> <@u2>**');
  });

  it('adds a picked mention over its @Name and never over another', () => {
    let d: Draft = { text: 'x @Ann Lee ', pills: [] };
    d = withPill(d, 2, 8, 'u1');
    expect(toWire(d)).toBe('x <@u1> ');
    expect(toWire({ text: '@here and @Ann', pills: [] })).toBe('@here and @Ann');
  });

  it('finds the one edit between two texts', () => {
    expect(diffEdit('abc', 'abXc')).toEqual({ from: 2, to: 2, insert: 'X' });
    expect(diffEdit('abc', 'ac')).toEqual({ from: 1, to: 2, insert: '' });
    expect(diffEdit('aaa', 'aaaa')).toEqual({ from: 3, to: 3, insert: 'a' });
  });

  it('never leaves a pill over text that does not read as its mention, whatever is typed', () => {
    const draft = fromWire('a <@u1> b <@u2> <@u3>', nameOf);
    const labels = new Map(draft.pills.map((p) => [p.userId, draft.text.slice(p.start, p.end)]));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom('', 'x', ' ', '@', 'Ann', '\n')), {
          maxLength: 6,
        }),
        (steps) => {
          let d = draft;
          for (const [at, len, insert] of steps) {
            const from = at % (d.text.length + 1);
            d = rebase(d, d.text.slice(0, from) + insert + d.text.slice(from + len));
            for (const p of d.pills) expect(d.text.slice(p.start, p.end)).toBe(labels.get(p.userId));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('moves pills past edits before them and drops those an edit cuts into', () => {
    const pills = [{ start: 4, end: 8, userId: 'u1' }];
    expect(shiftPills(pills, [{ from: 0, to: 0, insert: '**' }])).toEqual([
      { start: 6, end: 10, userId: 'u1' },
    ]);
    expect(shiftPills(pills, [{ from: 4, to: 4, insert: '~~' }])).toEqual([
      { start: 6, end: 10, userId: 'u1' },
    ]);
    expect(shiftPills(pills, [{ from: 8, to: 8, insert: '~~' }])).toEqual(pills);
    expect(shiftPills(pills, [{ from: 3, to: 5, insert: '' }])).toEqual([]);
  });
});
