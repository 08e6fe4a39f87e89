import { describe, expect, it } from 'vitest';
import { insertIntoComposer, onComposerInsert, withInsert } from './composer-inserts';

describe('composer inserts', () => {
  it('puts the text at the caret, on its own line after other text', () => {
    expect(withInsert('', 0, 'Hello!')).toEqual({ text: 'Hello!', caret: 6 });
    expect(withInsert('Hi Ann', 6, 'Thanks')).toEqual({ text: 'Hi Ann\nThanks', caret: 13 });
    expect(withInsert('one\n', 4, 'two')).toEqual({ text: 'one\ntwo', caret: 7 });
    expect(withInsert('ab', 1, 'X')).toEqual({ text: 'a\nXb', caret: 3 });
  });

  it('reaches only the composer of that conversation, and only while it listens', () => {
    const got: string[] = [];
    const off = onComposerInsert('c1', (t) => got.push(t));
    expect(insertIntoComposer('c2', 'elsewhere')).toBe(false);
    expect(insertIntoComposer('c1', 'here')).toBe(true);
    off();
    expect(insertIntoComposer('c1', 'late')).toBe(false);
    expect(got).toEqual(['here']);
  });
});
