import type { CSSProperties } from 'react';

const WHITE = '#ffffff';
// Pure black: with any softer ink some mid-tone colours would fall below 4.5:1 with both.
const INK = '#000000';
const FALLBACK = '#4f46e5';

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * The workspace's colour as `--accent` for the widget header, with `--accent-fg`: white or black
 * text, whichever contrasts more with it (every colour reaches at least 4.58:1 with one of them).
 */
export function accentStyle(color: string): CSSProperties {
  const bg = /^#[0-9a-f]{6}$/i.test(color) ? color : FALLBACK;
  const l = luminance(bg);
  const fg = contrast(l, 1) >= contrast(l, luminance(INK)) ? WHITE : INK;
  return { '--accent': bg, '--accent-fg': fg } as CSSProperties;
}
