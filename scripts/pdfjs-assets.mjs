// Copies what the in-app PDF viewer loads at run time from pdfjs-dist into public/pdfjs/, so that it
// is served from this origin like every other script (the page's CSP allows no other): the worker,
// the standard fonts, the CJK character maps and the JavaScript JPEG 2000 decoder (the viewer runs
// without WebAssembly). Run by `npm install` (postinstall) and by `npm start` before it builds;
// it does nothing when the copy is of the installed version already. public/pdfjs/ is not committed.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.join(here, '..', 'public', 'pdfjs');

/** The files, from pdfjs-dist's folder to public/pdfjs/. */
const COPIES = [
  ['build/pdf.worker.min.mjs', 'pdf.worker.min.mjs'],
  ['cmaps', 'cmaps'],
  ['standard_fonts', 'standard_fonts'],
  ['wasm/openjpeg_nowasm_fallback.js', 'wasm/openjpeg_nowasm_fallback.js'],
  ['LICENSE', 'LICENSE'],
];

export function copyPdfjsAssets() {
  const pkg = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
  const source = path.dirname(pkg);
  const { version } = JSON.parse(readFileSync(pkg, 'utf8'));
  const stamp = path.join(target, 'VERSION');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === version) return false;
  rmSync(target, { recursive: true, force: true });
  for (const [from, to] of COPIES) {
    mkdirSync(path.dirname(path.join(target, to)), { recursive: true });
    cpSync(path.join(source, from), path.join(target, to), { recursive: true });
  }
  writeFileSync(stamp, `${version}\n`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (copyPdfjsAssets()) console.log(`pdfjs-dist assets copied to ${path.relative(process.cwd(), target)}/`);
}
