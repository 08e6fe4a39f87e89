import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { renderReply, type NoPreviewReason, type RenderReply } from './pdf-render-protocol';

/**
 * A PDF's first page as a picture, for its thumbnail. PDF.js (pdfjs-dist's legacy build, for Node)
 * reads the document in a worker thread of its own (pdf-render-thread.ts), started for each
 * preview and ended after it: a hostile or broken document can neither block the event loop nor
 * outlive the time limit (the thread is terminated), its heap is capped, and nothing from the
 * document is evaluated as code (`isEvalSupported: false`; no scripting, no XFA).
 */

/** The longest side the page is drawn at: twice the thumbnail's, so that sharp's downscale is crisp. */
export const RENDER_SIDE = 960;
/** Pages larger than this at 72 dpi (and images in them) are not drawn: 50 megapixels, as for pictures. */
export const PAGE_PIXEL_LIMIT = 50_000_000;
/** A render that takes longer is stopped, and the PDF gets no preview. */
export const RENDER_TIMEOUT_MS = 20_000;
/** PDF.js holds the whole document in memory to parse it: larger ones get no preview. */
export const PREVIEW_MAX_BYTES = 100 * 1024 * 1024;
/** The render thread's heap (PDF.js's objects; pixels and images live outside it). */
const THREAD_HEAP_MB = 512;

export interface PageRender {
  rgba: Uint8Array;
  width: number;
  height: number;
  /** The page's own size in points (1/72 inch), which gives its proportions. */
  pageWidth: number;
  pageHeight: number;
  pages: number;
}
export type PreviewOutcome =
  { ok: true; page: PageRender } | { ok: false; reason: NoPreviewReason; detail: string };

export interface PreviewLimits {
  side: number;
  pixelLimit: number;
  timeoutMs: number;
  maxBytes: number;
}
const DEFAULT_LIMITS: PreviewLimits = {
  side: RENDER_SIDE,
  pixelLimit: PAGE_PIXEL_LIMIT,
  timeoutMs: RENDER_TIMEOUT_MS,
  maxBytes: PREVIEW_MAX_BYTES,
};

/** Reads a stream to its end, or stops past `max` bytes (null then). */
async function readUpTo(source: Readable, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > max) {
      source.destroy();
      return null;
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Draws the first page of `pdf` in a fresh render thread, within the limits. */
export function renderFirstPage(
  pdf: Uint8Array,
  limits: Partial<PreviewLimits> = {},
): Promise<PreviewOutcome> {
  const l = { ...DEFAULT_LIMITS, ...limits };
  if (pdf.byteLength > l.maxBytes)
    return Promise.resolve({ ok: false, reason: 'file-too-large', detail: `${pdf.byteLength} bytes` });
  // A copy of its own to hand over: a Buffer may share its memory with others (Node's pool).
  const own = new Uint8Array(pdf);
  return new Promise<PreviewOutcome>((resolve) => {
    let done = false;
    const finish = (outcome: PreviewOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const worker = new Worker(new URL('./pdf-render-boot.mjs', import.meta.url), {
      workerData: { pdf: own, side: l.side, pixelLimit: l.pixelLimit },
      transferList: [own.buffer],
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
      // PDF.js's own console lines stay out of the server's log; the outcome is logged instead.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const timer = setTimeout(
      () => finish({ ok: false, reason: 'timeout', detail: `after ${l.timeoutMs} ms` }),
      l.timeoutMs,
    );
    worker.once('message', (m: unknown) => {
      const parsed = renderReply.safeParse(m);
      finish(
        parsed.success
          ? fromReply(parsed.data)
          : { ok: false, reason: 'failed', detail: 'the render thread answered strangely' },
      );
    });
    worker.once('error', (err) => finish({ ok: false, reason: 'failed', detail: String(err) }));
    worker.once('exit', (code) =>
      finish({ ok: false, reason: 'failed', detail: `the render thread exited (${code})` }),
    );
  });
}

const fromReply = (r: RenderReply): PreviewOutcome => (r.ok ? { ok: true, page: r } : r);

/**
 * A WebP picture of a PDF's first page within `size` × `size`, and the page's size in points;
 * or why there is none (a broken or password-protected document, a page or file too large, a
 * render that took too long).
 */
export async function pdfPreview(
  source: Readable,
  size: number,
  limits: Partial<PreviewLimits> = {},
): Promise<
  | { ok: true; webp: Buffer; width: number; height: number }
  | { ok: false; reason: NoPreviewReason; detail: string }
> {
  const bytes = await readUpTo(source, limits.maxBytes ?? PREVIEW_MAX_BYTES);
  if (!bytes) return { ok: false, reason: 'file-too-large', detail: 'past the preview limit' };
  const outcome = await renderFirstPage(bytes, limits);
  if (!outcome.ok) return outcome;
  const { page } = outcome;
  const webp = await sharp(Buffer.from(page.rgba.buffer, page.rgba.byteOffset, page.rgba.byteLength), {
    raw: { width: page.width, height: page.height, channels: 4 },
  })
    // Drawn on white: the alpha channel says nothing.
    .removeAlpha()
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  return {
    ok: true,
    webp,
    width: Math.max(1, Math.round(page.pageWidth)),
    height: Math.max(1, Math.round(page.pageHeight)),
  };
}
