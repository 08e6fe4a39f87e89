import type { NextConfig } from 'next';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants';

/**
 * The Content-Security-Policy of every page. Scripts and styles only from this origin; Next's own
 * inline bootstrap scripts and React's style attributes need 'unsafe-inline' (a nonce-based policy
 * would need per-request rendering). No plugins, no framing, no foreign form targets or connections.
 * The development server also evaluates code for hot reloading.
 */
function csp(dev: boolean): string {
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
    "frame-ancestors 'none'",
  ].join('; ');
}

export default function config(phase: string): NextConfig {
  const policy = csp(phase === PHASE_DEVELOPMENT_SERVER);
  return {
    poweredByHeader: false,
    reactStrictMode: true,
    // `npm run typecheck` and `npm run lint` check the whole project; the build does not repeat it.
    typescript: { ignoreBuildErrors: true },
    headers() {
      return Promise.resolve([
        {
          source: '/:path*',
          headers: [
            { key: 'Content-Security-Policy', value: policy },
            { key: 'X-Content-Type-Options', value: 'nosniff' },
            { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
            { key: 'X-Frame-Options', value: 'DENY' },
          ],
        },
      ]);
    },
  };
}
