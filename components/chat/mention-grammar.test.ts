import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMentions, type Mentions } from '@/shared/mentions';
import { parseBlocks, type Block, type Inline } from './markdown';

/** The mentions the renderer shows, in the shape of the server's parse. */
function rendered(text: string): Mentions {
  const ids: string[] = [];
  const found = { channel: false, here: false };
  const walk = (nodes: Inline[]) => {
    for (const n of nodes) {
      if (n.t === 'user') ids.push(n.id);
      else if (n.t === 'special') found[n.v === '@channel' ? 'channel' : 'here'] = true;
      else if ('c' in n) walk(n.c);
    }
  };
  const blocks = (bs: Block[]): void => {
    for (const b of bs) {
      if (b.t === 'p') walk(b.c);
      else if (b.t === 'ul' || b.t === 'ol') {
        for (const item of b.items) {
          walk(item.c);
          blocks(item.sub);
        }
      } else if (b.t === 'quote') blocks(b.c);
    }
  };
  blocks(parseBlocks(text));
  return { userIds: [...new Set(ids)], ...found };
}

// Text without Markdown markers (code, emphasis, links: a mention inside code is shown as code but
// still notifies), built from the pieces the grammar turns on: what is shown is what is notified.
const piece = fc.constantFrom(
  '<@',
  '>',
  '@',
  'channel',
  'here',
  'a',
  'Z9',
  '-',
  'é',
  '日',
  ' ',
  '.',
  '(',
  '\n',
  '\n\n',
  '> ',
  '1. ',
  'x'.repeat(63),
);

describe('the mentions shown and the mentions notified', () => {
  it('agree on people, @channel and @here', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(rendered(text)).toEqual(parseMentions(text));
      }),
      { numRuns: 3000 },
    );
    expect(rendered('hi <@u1> @here')).toEqual({ userIds: ['u1'], channel: false, here: true });
  });
});
