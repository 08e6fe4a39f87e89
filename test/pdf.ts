// PDFs for tests, written out here object by object (no binary fixture in the repository): the
// server's page preview and the chat's viewer read them like any other PDF.

/** One page: its size in points (1/72 inch) and the colour that fills it, as RGB in 0–1. */
export interface TestPage {
  width: number;
  height: number;
  fill: readonly [number, number, number];
}

const num = (n: number) => String(Math.round(n * 1000) / 1000);

/** What a page draws: its fill, a dark band across its middle, and its number in Helvetica. */
function pageContent(p: TestPage, index: number): string {
  const band = p.height / 5;
  return [
    `${p.fill.map(num).join(' ')} rg`,
    `0 0 ${num(p.width)} ${num(p.height)} re f`,
    '0.1 0.1 0.2 rg',
    `0 ${num(p.height / 2 - band / 2)} ${num(p.width)} ${num(band)} re f`,
    '1 1 1 rg',
    `BT /F1 ${num(band / 2)} Tf ${num(p.width / 10)} ${num(p.height / 2 - band / 5)} Td (Page ${index + 1}) Tj ET`,
  ].join('\n');
}

// A standard security handler (revision 2) whose user and owner entries match no password, not
// even the empty one: a reader must ask for a password before it can open the document.
const LOCKED = {
  O: 'a7b1c9d3e5f70812a4b6c8d0e2f41325a7b1c9d3e5f70812a4b6c8d0e2f41325',
  U: '5e3c1a2b4d6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819a0b1c2d3e4f5061',
};

/**
 * A valid PDF 1.4 of these pages (a catalog, a page tree, a font, each page with its content
 * stream) with an exact cross-reference table; `locked`, it says it is encrypted with a password
 * (its content is not, but no reader gets that far without the password).
 */
export function testPdf(pages: readonly TestPage[], { locked = false } = {}): Buffer {
  if (pages.length === 0) throw new Error('testPdf: a PDF has at least one page');
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pages.forEach((p, i) => {
    const id = pageIds[i]!;
    const content = pageContent(p, i);
    objects[id] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(p.width)} ${num(p.height)}] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  });
  if (locked) objects.push(`<< /Filter /Standard /V 1 /R 2 /O <${LOCKED.O}> /U <${LOCKED.U}> /P -44 >>`);
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(body, 'latin1');
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  const encrypt = locked
    ? ` /Encrypt ${objects.length - 1} 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]`
    : '';
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * Starts like a PDF (so the upload is sniffed as one) and breaks off in its first object: no page
 * tree, no cross-reference table, nothing PDF.js can show.
 */
export const brokenPdf = () =>
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R', 'latin1');
