// No imports: next.config.ts reads this too.

/**
 * The Content-Security-Policy of every page. Scripts and styles only from this origin; Next's own
 * inline bootstrap scripts and React's style attributes need 'unsafe-inline' (a nonce-based policy
 * would need per-request rendering). No plugins, no foreign form targets or connections. Framing:
 * nobody, except the widget page, which its workspace's allowed host origins may frame. The
 * development server also evaluates code for hot reloading.
 */
export function contentSecurityPolicy(dev: boolean, frameAncestors: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

/** The widget page's path; its CSP is set per request by the server (server/http/widget-frame.ts). */
export const WIDGET_PATH = '/widget';
