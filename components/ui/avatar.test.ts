import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AVATAR_COLOURS, AVATAR_TEXT, avatarColour, initials, NO_PERSON_COLOUR } from './avatar';

// WCAG 2 relative luminance and contrast ratio.
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe('initials', () => {
  it('takes the first letters of the first and the last word', () => {
    expect(initials('Ann Lee')).toBe('AL');
    expect(initials('  jean-luc de la  cruz ')).toBe('JC');
    expect(initials('bob')).toBe('B');
    expect(initials('élodie ørsted')).toBe('ÉØ');
    expect(initials('𝒜da Lovelace')).toBe('𝒜L');
    expect(initials('   ')).toBe('?');
  });
});

describe('avatar colours', () => {
  it('give white (light theme) and black (dark theme) initials at least 4.5:1', () => {
    for (const c of [...AVATAR_COLOURS, NO_PERSON_COLOUR]) {
      expect(contrast(c.light, AVATAR_TEXT.light), c.light).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.dark, AVATAR_TEXT.dark), c.dark).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('are the same for one id every time, and spread over the palette', () => {
    const id = '0b7c1d7e-6f2a-4f55-9a1e-3c9f3f0c2a11';
    // Pinned: a change of the hash would recolour everybody.
    expect(avatarColour(id)).toBe(AVATAR_COLOURS[6]);
    expect(avatarColour('4e1f5a3c-2b9d-4c8e-8f7a-1d2e3f4a5b6c')).toBe(AVATAR_COLOURS[10]);
    expect(avatarColour(null)).toBe(NO_PERSON_COLOUR);
    const used = new Map<(typeof AVATAR_COLOURS)[number], number>();
    for (let i = 0; i < 1100; i++) {
      const c = avatarColour(randomUUID());
      used.set(c, (used.get(c) ?? 0) + 1);
    }
    expect(used.size).toBe(AVATAR_COLOURS.length);
    // Roughly even: no colour gets more than twice its share.
    for (const n of used.values()) expect(n).toBeLessThan(200);
  });
});
