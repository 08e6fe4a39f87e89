/**
 * The PDF viewer's rules, apart from React and PDF.js: which key turns which page, the zoom steps,
 * and the scale a page is drawn at (fitted to the room it has, within a pixel budget).
 */

/** Zoom levels, as a factor of the page fitted to the viewer; 1 is "fit". */
export const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;
export const FIT = 1;

/** The most pixels one drawn page may take (a 4096 × 4096 canvas): beyond, it is drawn less sharp. */
export const CANVAS_PIXELS_MAX = 4096 * 4096;

/**
 * The page a key leads to from `page` (1-based) of `count`, or null when the key does not turn
 * pages. Up and Down turn pages only when the page fits (`canScroll` false): otherwise they scroll.
 */
export function pageForKey(key: string, page: number, count: number, canScroll = false): number | null {
  const clamp = (n: number) => Math.min(Math.max(n, 1), Math.max(count, 1));
  switch (key) {
    case 'PageDown':
    case 'ArrowRight':
      return clamp(page + 1);
    case 'PageUp':
    case 'ArrowLeft':
      return clamp(page - 1);
    case 'ArrowDown':
      return canScroll ? null : clamp(page + 1);
    case 'ArrowUp':
      return canScroll ? null : clamp(page - 1);
    case 'Home':
      return 1;
    case 'End':
      return clamp(count);
    default:
      return null;
  }
}

/** The next zoom step in `direction` (+1 in, -1 out), staying at the ends. */
export function zoomStep(zoom: number, direction: 1 | -1): number {
  const at = ZOOM_STEPS.findIndex((z) => z >= zoom - 1e-9);
  const i = at < 0 ? ZOOM_STEPS.length - 1 : at;
  const exact = Math.abs(ZOOM_STEPS[i]! - zoom) < 1e-9;
  const next = direction > 0 ? (exact ? i + 1 : i) : i - 1;
  return ZOOM_STEPS[Math.min(Math.max(next, 0), ZOOM_STEPS.length - 1)]!;
}

/** The zoom a key asks for (+ or = in, - out, 0 back to fit), or null for any other key. */
export function zoomForKey(key: string, zoom: number): number | null {
  if (key === '+' || key === '=') return zoomStep(zoom, 1);
  if (key === '-' || key === '_') return zoomStep(zoom, -1);
  if (key === '0') return FIT;
  return null;
}

/**
 * How a page of `page` size (PDF units) is drawn in a room of `room` CSS pixels at `zoom`: its
 * CSS size (fitted whole into the room at zoom 1) and the scale of the canvas behind it (sharp on
 * this screen's `ratio`, but never past CANVAS_PIXELS_MAX pixels).
 */
export function pageScale(
  page: { width: number; height: number },
  room: { width: number; height: number },
  zoom: number,
  ratio = 1,
): { cssScale: number; canvasScale: number } {
  const fit =
    page.width > 0 && page.height > 0 && room.width > 0 && room.height > 0
      ? Math.min(room.width / page.width, room.height / page.height)
      : 1;
  const cssScale = fit * zoom;
  const wanted = cssScale * Math.max(ratio, 1);
  const pixels = page.width * page.height * wanted * wanted;
  const canvasScale =
    pixels > CANVAS_PIXELS_MAX ? Math.sqrt(CANVAS_PIXELS_MAX / (page.width * page.height)) : wanted;
  return { cssScale, canvasScale };
}

/** How a zoom reads: 100%, 125%. */
export const zoomWords = (zoom: number) => `${Math.round(zoom * 100)}%`;
