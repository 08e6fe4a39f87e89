import { Readable } from 'node:stream';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { brokenPdf, testPdf } from '../../../test/pdf';
import { PAGE_PIXEL_LIMIT, pdfPreview, renderFirstPage } from './pdf-preview';

// The render thread on its own (no database, no runtime): what it draws, and each way it refuses.

const page = { width: 200, height: 300, fill: [0.9, 0.3, 0.2] } as const;

describe('renderFirstPage', () => {
  it('draws the first page at the longest side asked, and counts the pages', async () => {
    const out = await renderFirstPage(testPdf([page, { width: 800, height: 100, fill: [0, 0, 1] }]), {
      side: 600,
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.page).toMatchObject({ width: 400, height: 600, pageWidth: 200, pageHeight: 300, pages: 2 });
    expect(out.page.rgba.byteLength).toBe(400 * 600 * 4);
    // Not blank: the page's red fill at a corner, its dark band in the middle, white nowhere there.
    const px = (x: number, y: number) => [
      ...out.page.rgba.subarray((y * 400 + x) * 4, (y * 400 + x) * 4 + 3),
    ];
    expect(px(3, 3)[0]).toBeGreaterThan(200);
    expect(px(3, 3)[2]).toBeLessThan(90);
    expect(Math.max(...px(3, 300))).toBeLessThan(70);
  });

  it('refuses a broken document and a password-protected one', async () => {
    expect(await renderFirstPage(brokenPdf())).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await renderFirstPage(testPdf([page], { locked: true }))).toMatchObject({
      ok: false,
      reason: 'password',
    });
  });

  it('does not draw a page past the pixel limit (at 72 dpi), whatever the size it would be drawn at', async () => {
    const huge = testPdf([{ width: 10_000, height: 10_000, fill: [1, 1, 1] }]);
    expect(10_000 * 10_000).toBeGreaterThan(PAGE_PIXEL_LIMIT);
    expect(await renderFirstPage(huge)).toMatchObject({ ok: false, reason: 'page-too-large' });
    expect(await renderFirstPage(testPdf([page]), { pixelLimit: 200 * 300 - 1 })).toMatchObject({
      ok: false,
      reason: 'page-too-large',
    });
    expect((await renderFirstPage(testPdf([page]), { pixelLimit: 200 * 300 })).ok).toBe(true);
  });

  it('stops a render that takes longer than its time, and files past the size limit are not opened', async () => {
    expect(await renderFirstPage(testPdf([page]), { timeoutMs: 1 })).toMatchObject({
      ok: false,
      reason: 'timeout',
    });
    const pdf = testPdf([page]);
    expect(await renderFirstPage(pdf, { maxBytes: pdf.length - 1 })).toMatchObject({
      ok: false,
      reason: 'file-too-large',
    });
    expect(await pdfPreview(Readable.from([pdf]), 480, { maxBytes: pdf.length - 1 })).toMatchObject({
      ok: false,
      reason: 'file-too-large',
    });
  });
});

describe('pdfPreview', () => {
  it('makes a WebP within the size of the thumbnail, and gives the page size in points', async () => {
    const out = await pdfPreview(
      Readable.from([testPdf([{ width: 600, height: 200, fill: [0, 0.6, 0] }])]),
      480,
    );
    expect(out).toMatchObject({ ok: true, width: 600, height: 200 });
    if (!out.ok) return;
    const meta = await sharp(out.webp).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 480, height: 160 });
  });
});
