import type { NextConfig } from 'next';

const common = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

// The Content-Security-Policy is not here: it carries a nonce per response, so the server sets it
// (server/http/page-csp.ts), along with the widget page's per-workspace frame-ancestors.
export default function config(): NextConfig {
  return {
    poweredByHeader: false,
    reactStrictMode: true,
    // `npm run typecheck` and `npm run lint` check the whole project; the build does not repeat it.
    typescript: { ignoreBuildErrors: true },
    headers() {
      return Promise.resolve([
        {
          // Every path but the widget page, which its workspace's allowed host origins may frame.
          source: '/:path((?!widget$).*)',
          headers: [{ key: 'X-Frame-Options', value: 'DENY' }, ...common],
        },
        { source: '/widget', headers: common },
      ]);
    },
  };
}
