import type * as PdfJs from 'pdfjs-dist';

/**
 * PDF.js in the browser, for the viewer: loaded only when a PDF is opened (it is large), with its
 * worker, fonts and character maps from this origin (public/pdfjs/, copied from pdfjs-dist by
 * scripts/pdfjs-assets.mjs): the page's CSP lets scripts, workers and fetches reach no other.
 * Nothing in a document runs: no evaluated code (`isEvalSupported: false`; PDF functions are
 * interpreted), no XFA forms, no document JavaScript (that needs PDF.js's viewer and sandbox,
 * which are not used), and no WebAssembly (the CSP has no 'wasm-unsafe-eval'; PDF.js decodes
 * with its JavaScript decoders instead).
 */
export const PDFJS_BASE = '/pdfjs/';
export const PDFJS_WORKER = `${PDFJS_BASE}pdf.worker.min.mjs`;
/** Images inside a document past this many pixels are not drawn (as on the server). */
const IMAGE_PIXELS_MAX = 50_000_000;

let loaded: Promise<typeof PdfJs> | null = null;

function pdfjs() {
  loaded ??= import('pdfjs-dist').then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = PDFJS_WORKER;
    return lib;
  });
  // A failed load (the network) is tried again next time.
  loaded.catch(() => {
    loaded = null;
  });
  return loaded;
}

/** Starts reading a PDF from its bytes (which PDF.js takes over); destroy the task when done. */
export async function openPdf(data: ArrayBuffer): Promise<PdfJs.PDFDocumentLoadingTask> {
  const lib = await pdfjs();
  return lib.getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    enableXfa: false,
    useWasm: false,
    wasmUrl: `${PDFJS_BASE}wasm/`,
    cMapUrl: `${PDFJS_BASE}cmaps/`,
    standardFontDataUrl: `${PDFJS_BASE}standard_fonts/`,
    maxImageSize: IMAGE_PIXELS_MAX,
    verbosity: lib.VerbosityLevel.ERRORS,
  });
}

/** Whether a failure to open is the document asking for a password. */
export const needsPassword = (err: unknown) => err instanceof Error && err.name === 'PasswordException';
