// The render thread's entry (pdf-preview.ts starts it). A worker thread does not inherit the
// parent's TypeScript loader (`--import tsx`), so it registers tsx itself, then runs the thread.
// The large plain-JavaScript modules are loaded first, natively: through tsx they take a second.
await import('pdfjs-dist/legacy/build/pdf.worker.mjs'); // sets globalThis.pdfjsWorker: no fake-worker import later
await import('pdfjs-dist/legacy/build/pdf.mjs');
await import('@napi-rs/canvas');
await import('zod');
const { register } = await import('tsx/esm/api');

register();
await import('./pdf-render-thread.ts');
