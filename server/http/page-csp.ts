import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../domain/deps';
import { contentSecurityPolicy } from './csp';
import { pageFrameAncestors } from './widget-frame';

/**
 * Gives a page response its Content-Security-Policy with a fresh 128-bit nonce. The same policy is
 * put on the request before Next sees it: Next takes the nonce from the request's policy header
 * and sets it on the inline scripts it renders (which is why every page renders per request; see
 * app/layout.tsx). Whatever the client sent in those headers is replaced.
 */
export async function setPageSecurityPolicy(
  deps: Pick<Deps, 'frames' | 'tenants'>,
  req: IncomingMessage,
  res: ServerResponse,
  dev: boolean,
) {
  const nonce = randomBytes(16).toString('base64');
  const policy = contentSecurityPolicy(dev, await pageFrameAncestors(deps, req), nonce);
  req.headers['content-security-policy'] = policy;
  delete req.headers['content-security-policy-report-only'];
  res.setHeader('Content-Security-Policy', policy);
}
