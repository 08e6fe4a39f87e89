import { describe, expect, it } from 'vitest';
import { draftOf, isChanged, NO_CATEGORY, prepare, type FileSettings } from './draft';

const settings = (over: Partial<FileSettings> = {}): FileSettings => ({
  maxMb: 25,
  deploymentMaxMb: 100,
  categories: ['image', 'pdf', 'video'],
  unscannable: 'allow',
  scanning: true,
  ...over,
});

describe('the file settings draft', () => {
  it('is unchanged as loaded, and by spaces or ticking kinds in another order', () => {
    const s = settings();
    const d = draftOf(s);
    expect(isChanged(d, s)).toBe(false);
    expect(isChanged({ ...d, maxMb: ' 25 ' }, s)).toBe(false);
    expect(isChanged({ ...d, categories: new Set(['video', 'image', 'pdf'] as const) }, s)).toBe(false);
  });

  it('is changed by the size, a kind or the unscannable choice', () => {
    const s = settings();
    const d = draftOf(s);
    expect(isChanged({ ...d, maxMb: '5' }, s)).toBe(true);
    expect(isChanged({ ...d, categories: new Set(['image', 'pdf'] as const) }, s)).toBe(true);
    expect(isChanged({ ...d, unscannable: 'block' }, s)).toBe(true);
  });

  it('sends the whole settings, kinds in the listed order', () => {
    const d = { ...draftOf(settings()), maxMb: '5', categories: new Set(['video', 'image'] as const) };
    expect(prepare(d)).toEqual({
      input: { maxMb: 5, categories: ['image', 'video'], unscannable: 'allow' },
      errors: null,
    });
  });

  it('refuses a size that is not a whole number from 1, and no kind at all, at their fields', () => {
    const d = draftOf(settings());
    for (const maxMb of ['', ' ', '0', '-3', '2.5', 'ten'])
      expect(prepare({ ...d, maxMb }).errors).toEqual({ maxMb: ['A whole number of MB, at least 1'] });
    expect(prepare({ ...d, categories: new Set() }).errors).toEqual({ categories: [NO_CATEGORY] });
  });

  it('leaves the deployment’s cap to the server, which knows the cap it has now', () => {
    expect(prepare({ ...draftOf(settings()), maxMb: '5000' }).input?.maxMb).toBe(5000);
  });
});
