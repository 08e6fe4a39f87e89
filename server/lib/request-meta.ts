import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { env } from '../env';

export interface RequestMeta {
  requestId: string;
  ip: string;
  userAgent: string | null;
}

/** The current request's meta, for code the request reaches through adapters (and the logger). */
export const requestContext = new AsyncLocalStorage<RequestMeta>();

const normalise = (ip: string) => (ip.startsWith('::ffff:') ? ip.slice(7) : ip);

/**
 * The client IP is the socket's peer address. X-Forwarded-For is believed only when the peer is a
 * configured trusted proxy; then the right-most address that is not itself a trusted proxy wins.
 */
export function clientIp(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
): string {
  const peer = normalise(remoteAddress ?? 'unknown');
  const trusted = env().TRUSTED_PROXIES;
  if (!trusted.includes(peer) || !forwardedFor) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((s) => normalise(s.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop && !trusted.includes(hop)) return hop;
  }
  return peer;
}

export function requestMetaFromNode(req: IncomingMessage): RequestMeta {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
  const ua = req.headers['user-agent'];
  return {
    requestId,
    ip: clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for']),
    userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null,
  };
}

/** Node's IncomingHttpHeaders as a fetch Headers object (for better-auth and tRPC). */
export function toHeaders(raw: IncomingMessage['headers']): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) h.append(k, x);
    else h.set(k, v);
  }
  return h;
}
