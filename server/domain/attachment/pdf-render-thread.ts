import { createCanvas } from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { AnnotationMode, getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { renderRequest, type RenderReply } from './pdf-render-protocol';

// The worker thread that draws a PDF's first page (pdf-preview.ts starts one per preview): PDF.js
// parses untrusted bytes here, off the server's event loop, where a timeout can stop it outright
// (the parent terminates the thread) and a memory limit bounds it. PDF.js's legacy build runs its
// own "worker" in this same thread and draws on @napi-rs/canvas.

const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const dir = (name: string) => `${path.join(root, name)}${path.sep}`;

async function render(): Promise<RenderReply> {
  const job = renderRequest.parse(workerData);
  const task = getDocument({
    data: job.pdf,
    // No code from the document or built from it: PDF functions are interpreted, never compiled.
    isEvalSupported: false,
    enableXfa: false,
    maxImageSize: job.pixelLimit,
    verbosity: VerbosityLevel.ERRORS,
    // Fonts a PDF names but does not embed, and CJK maps, from the package itself.
    standardFontDataUrl: dir('standard_fonts'),
    cMapUrl: dir('cmaps'),
    wasmUrl: dir('wasm'),
    useSystemFonts: false,
  });
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const natural = page.getViewport({ scale: 1 });
    const { width, height } = natural;
    if (!(width >= 1 && height >= 1) || width * height > job.pixelLimit)
      return { ok: false, reason: 'page-too-large', detail: `${width} × ${height}` };
    const viewport = page.getViewport({ scale: job.side / Math.max(width, height) });
    const w = Math.max(1, Math.ceil(viewport.width));
    const h = Math.max(1, Math.ceil(viewport.height));
    const canvas = createCanvas(w, h);
    const context = canvas.getContext('2d');
    await page.render({
      canvas: null,
      // @napi-rs/canvas implements the 2D context PDF.js draws on; the DOM type is what it names.
      canvasContext: context as unknown as CanvasRenderingContext2D,
      viewport,
      annotationMode: AnnotationMode.ENABLE,
      background: 'rgb(255,255,255)',
    }).promise;
    // A copy of its own (the canvas's pixels live in native memory), handed to the parent whole.
    const rgba = new Uint8Array(context.getImageData(0, 0, w, h).data);
    return { ok: true, rgba, width: w, height: h, pageWidth: width, pageHeight: height, pages: doc.numPages };
  } catch (err) {
    const name = err instanceof Error ? err.name : 'Error';
    const detail = err instanceof Error ? err.message : String(err);
    if (name === 'PasswordException') return { ok: false, reason: 'password', detail };
    if (name === 'InvalidPDFException') return { ok: false, reason: 'invalid', detail };
    return { ok: false, reason: 'failed', detail: `${name}: ${detail}` };
  } finally {
    await task.destroy();
  }
}

const reply = await render().catch((err: unknown): RenderReply => ({
  ok: false,
  reason: 'failed',
  detail: String(err),
}));
parentPort?.postMessage(reply, reply.ok ? [reply.rgba.buffer] : []);
