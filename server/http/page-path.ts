import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Whether the request path's percent-escapes decode to text. Next decodes dynamic segments
 * (`/w/[slug]`) with decodeURIComponent and answers 500 when that throws: a truncated escape
 * (`%E0%A4%A`), a stray `%`, invalid UTF-8, or the UTF-8 form of a lone surrogate (`%ED%A0%80`).
 */
export function decodablePath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0] ?? '/';
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Answers 400 for a page path that cannot be decoded, before Next sees it; false otherwise.
 * Plain text: nothing of the request is echoed, and no page of ours is involved.
 */
export function refuseUndecodablePath(req: IncomingMessage, res: ServerResponse): boolean {
  if (decodablePath(req.url)) return false;
  res.writeHead(400, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end('Bad request: this address is not valid (its percent-encoding does not decode).\n');
  return true;
}
