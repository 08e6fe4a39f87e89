import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export const PRIVATE_NO_STORE = 'private, no-store';

/**
 * Whether a request presents a credential: a cookie (the browser's session), an Authorization
 * header (session token, API key, widget session) or an x-api-key. Valid or not, the answer
 * depends on it.
 */
export function presentsCredential(req: IncomingMessage): boolean {
  const h = req.headers;
  return Boolean(h.cookie || h.authorization || h['x-api-key']);
}

// Next's build output: content-hashed and the same for everyone, so it keeps its long-lived caching.
const SHARED_ASSETS = '/_next/static/';

const withoutCacheControl = (headers: OutgoingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'cache-control'));

/**
 * A response to a request that presents a credential is for that caller alone: neither the browser
 * (a shared computer's back button) nor a cache in between may keep it. Handlers set their own
 * Cache-Control (better-auth's get-session says only "no-store", Next pages theirs, our JSON
 * helper "no-store"), so this one is applied when the headers are written, whoever writes them;
 * Node's implicit header write goes through writeHead too.
 */
export function keepPrivate(req: IncomingMessage, res: ServerResponse): void {
  if (!presentsCredential(req) || (req.url ?? '/').startsWith(SHARED_ASSETS)) return;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = (...args: unknown[]) => {
    res.setHeader('cache-control', PRIVATE_NO_STORE);
    return writeHead(
      ...args.map((a) =>
        a && typeof a === 'object' && !Array.isArray(a) ? withoutCacheControl(a as OutgoingHttpHeaders) : a,
      ),
    );
  };
}
