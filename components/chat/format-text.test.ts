import { describe, expect, it } from 'vitest';
import { applyEdits, format, shortcutFormat, type Format } from './format-text';

/** `text` with `[` `]` marking the selection, formatted; the result marked the same way. */
function run(marked: string, kind: Exclude<Format, 'link'>): string {
  const start = marked.indexOf('[');
  const end = marked.indexOf(']') - 1;
  const text = marked.replace('[', '').replace(']', '');
  const f = format(text, start, end, kind);
  const out = applyEdits(text, f.edits);
  return `${out.slice(0, f.start)}[${out.slice(f.start, f.end)}]${out.slice(f.end)}`;
}

describe('format', () => {
  it('wraps the selection in markers, keeping white space at its ends outside', () => {
    expect(run('a [word] b', 'bold')).toBe('a **[word]** b');
    expect(run('a [word ]b', 'italic')).toBe('a *[word]* b');
    expect(run('[gone]', 'strike')).toBe('~~[gone]~~');
    expect(run('run [npm i]', 'code')).toBe('run `[npm i]`');
  });

  it('puts a pair of markers at the caret when nothing is selected', () => {
    expect(run('a []b', 'bold')).toBe('a **[]**b');
    expect(run('[]', 'code')).toBe('`[]`');
  });

  it('unwraps what is already wrapped, and tells bold from italic', () => {
    expect(run('a **[word]** b', 'bold')).toBe('a [word] b');
    expect(run('a ~~[word]~~ b', 'strike')).toBe('a [word] b');
    // Italic on bold text adds italic; italic on bold italic text takes the italic away.
    expect(run('**[w]**', 'italic')).toBe('***[w]***');
    expect(run('***[w]***', 'italic')).toBe('**[w]**');
    expect(run('*[w]*', 'bold')).toBe('***[w]***');
  });

  it('starts each selected line as a list item or quote, and takes it away again', () => {
    expect(run('x\n[a\nb]\ny', 'bullets')).toBe('x\n[- a\n- b]\ny');
    expect(run('[a\n\nb]', 'numbers')).toBe('[1. a\n\n2. b]');
    expect(run('one t[]wo', 'quote')).toBe('[> one two]');
    expect(run('[- a\n- b]', 'bullets')).toBe('[a\nb]');
    expect(run('[1. a\n2. b]', 'numbers')).toBe('[a\nb]');
    // Indented lines keep their indent, so they stay inner items; a quote still starts the line.
    expect(run('[a\n  b]', 'bullets')).toBe('[- a\n  - b]');
    expect(run('[- a\n  - b]', 'bullets')).toBe('[a\n  b]');
    expect(run('[  1. b]', 'numbers')).toBe('[  b]');
    expect(run('[  b]', 'quote')).toBe('[>   b]');
    // A selection ending at the start of a line leaves that line alone.
    expect(run('[a\n]b', 'quote')).toBe('[> a]\nb');
    expect(run('[]', 'bullets')).toBe('[- ]');
  });
});

describe('shortcutFormat', () => {
  const press = (
    key: string,
    mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean },
    code = '',
  ) =>
    shortcutFormat({
      key,
      code,
      ctrlKey: !!mods.ctrl,
      metaKey: !!mods.meta,
      shiftKey: !!mods.shift,
      altKey: !!mods.alt,
    });
  it('maps Ctrl or Cmd with the letters and shifted digits, and nothing else', () => {
    expect(press('b', { ctrl: true })).toBe('bold');
    expect(press('i', { meta: true })).toBe('italic');
    expect(press('e', { ctrl: true })).toBe('code');
    expect(press('X', { ctrl: true, shift: true })).toBe('strike');
    expect(press('K', { meta: true, shift: true })).toBe('link');
    expect(press('*', { ctrl: true, shift: true }, 'Digit8')).toBe('bullets');
    expect(press('&', { ctrl: true, shift: true }, 'Digit7')).toBe('numbers');
    expect(press('(', { ctrl: true, shift: true }, 'Digit9')).toBe('quote');
    expect(press('b', {})).toBeNull();
    expect(press('b', { ctrl: true, alt: true })).toBeNull();
    expect(press('x', { ctrl: true })).toBeNull();
    expect(press('Enter', { ctrl: true })).toBeNull();
  });
});
