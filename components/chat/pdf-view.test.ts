import { describe, expect, it } from 'vitest';
import { CANVAS_PIXELS_MAX, FIT, pageForKey, pageScale, zoomForKey, zoomStep, zoomWords } from './pdf-view';

describe('pageForKey', () => {
  it('turns pages with Page Up/Down, Left/Right, Home and End, within the document', () => {
    expect(pageForKey('PageDown', 1, 3)).toBe(2);
    expect(pageForKey('ArrowRight', 2, 3)).toBe(3);
    expect(pageForKey('PageDown', 3, 3)).toBe(3);
    expect(pageForKey('PageUp', 2, 3)).toBe(1);
    expect(pageForKey('ArrowLeft', 1, 3)).toBe(1);
    expect(pageForKey('Home', 3, 3)).toBe(1);
    expect(pageForKey('End', 1, 3)).toBe(3);
  });
  it('lets Up and Down scroll a page that does not fit, and turn pages otherwise', () => {
    expect(pageForKey('ArrowDown', 1, 3)).toBe(2);
    expect(pageForKey('ArrowUp', 2, 3)).toBe(1);
    expect(pageForKey('ArrowDown', 1, 3, true)).toBeNull();
    expect(pageForKey('ArrowUp', 2, 3, true)).toBeNull();
  });
  it('leaves other keys alone', () => {
    for (const key of ['a', 'Enter', ' ', 'Escape', 'Tab', '+']) expect(pageForKey(key, 1, 3)).toBeNull();
  });
});

describe('zoom', () => {
  it('steps in and out through the levels and stops at the ends', () => {
    expect(zoomStep(FIT, 1)).toBe(1.25);
    expect(zoomStep(FIT, -1)).toBe(0.75);
    expect(zoomStep(4, 1)).toBe(4);
    expect(zoomStep(0.5, -1)).toBe(0.5);
    // From between two levels: to the next one each way.
    expect(zoomStep(1.1, 1)).toBe(1.25);
    expect(zoomStep(1.1, -1)).toBe(1);
  });
  it('answers +, = and - and 0, and nothing else', () => {
    expect(zoomForKey('+', 1)).toBe(1.25);
    expect(zoomForKey('=', 1)).toBe(1.25);
    expect(zoomForKey('-', 1)).toBe(0.75);
    expect(zoomForKey('0', 3)).toBe(FIT);
    expect(zoomForKey('ArrowUp', 1)).toBeNull();
    expect(zoomWords(1.25)).toBe('125%');
  });
});

describe('pageScale', () => {
  it('fits the whole page in the room at zoom 1, and draws it sharp for the screen', () => {
    // A 200 × 300 page in a 600 × 600 room: the height decides.
    expect(pageScale({ width: 200, height: 300 }, { width: 600, height: 600 }, 1, 2)).toEqual({
      cssScale: 2,
      canvasScale: 4,
    });
    expect(pageScale({ width: 600, height: 200 }, { width: 600, height: 600 }, 2, 1)).toEqual({
      cssScale: 2,
      canvasScale: 2,
    });
  });
  it('keeps the canvas within its pixel budget however far it is zoomed', () => {
    const page = { width: 2000, height: 2000 };
    const { cssScale, canvasScale } = pageScale(page, { width: 2000, height: 2000 }, 4, 3);
    expect(cssScale).toBe(4);
    expect(page.width * page.height * canvasScale * canvasScale).toBeLessThanOrEqual(CANVAS_PIXELS_MAX + 1);
  });
});
