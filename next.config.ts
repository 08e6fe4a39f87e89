import type { NextConfig } from 'next';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants';
import { contentSecurityPolicy } from './server/http/csp';

const common = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

export default function config(phase: string): NextConfig {
  const policy = contentSecurityPolicy(phase === PHASE_DEVELOPMENT_SERVER);
  return {
    poweredByHeader: false,
    reactStrictMode: true,
    // `npm run typecheck` and `npm run lint` check the whole project; the build does not repeat it.
    typescript: { ignoreBuildErrors: true },
    headers() {
      return Promise.resolve([
        {
          // Every path but the widget page, which the server gives a per-workspace frame-ancestors.
          source: '/:path((?!widget$).*)',
          headers: [
            { key: 'Content-Security-Policy', value: policy },
            { key: 'X-Frame-Options', value: 'DENY' },
            ...common,
          ],
        },
        { source: '/widget', headers: common },
      ]);
    },
  };
}
