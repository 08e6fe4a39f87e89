/**
 * The Content-Security-Policy of every page. Scripts only from this origin or carrying this
 * response's nonce (Next's own inline bootstrap and data scripts get it: server/http/page-csp.ts);
 * an inline script without the nonce, injected or not, does not run. Styles keep 'unsafe-inline':
 * React renders style attributes, which a nonce cannot cover. No plugins, no foreign form targets
 * or connections. Framing: nobody, except the widget page, which its workspace's allowed host
 * origins may frame. The development server also evaluates code for hot reloading.
 */
export function contentSecurityPolicy(
  dev: boolean,
  frameAncestors: readonly string[] = [],
  nonce?: string,
): string {
  return [
    "default-src 'self'",
    `script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ''}${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // The PDF viewer's worker (public/pdfjs/, copied from pdfjs-dist): from this origin, never a blob.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

/** The widget page's path; the workspace's allowed host origins may frame it. */
export const WIDGET_PATH = '/widget';
