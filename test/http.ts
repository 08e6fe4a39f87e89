import type { TestUser } from './actors';

// The HTTP API as browsers and SDKs call it, for tests that look at statuses, headers and cookies.

/**
 * Escapes that decodeURIComponent refuses: truncated, not hex, a lone `%`, invalid UTF-8, overlong
 * UTF-8, and the UTF-8 form of lone surrogates (high, low).
 */
export const UNDECODABLE = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%FF',
  '%C0%AF',
  '%ED%A0%80',
  '%ED%B0%80',
  'a%ED%A0%80b',
  '%uD800',
];

/** The Authorization header of `u`'s session (or of an API key or visitor token). */
export const authHeader = (u: { token: string }) => ({ authorization: `Bearer ${u.token}` });

/**
 * One tRPC procedure over HTTP: a mutation POSTs its input as JSON; a query (`query: true`) GETs
 * it as `?input=`. The Response is the test's to read.
 */
export function trpcHttp(
  baseUrl: string,
  procedure: string,
  input: unknown,
  opts: { query?: boolean; headers?: Record<string, string> } = {},
): Promise<Response> {
  const at = `${baseUrl}/api/trpc/${procedure}`;
  if (opts.query)
    return fetch(`${at}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: opts.headers });
  return fetch(at, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: JSON.stringify(input),
  });
}

/** Signs in over HTTP; returns the session cookie (as a Cookie header) and the session token. */
export async function signInHttp(url: string, u: TestUser): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost:3999' },
    body: JSON.stringify({ email: u.email, password: u.password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('better-auth.session_token='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return { cookie, token: body.token };
}

/** POSTs to a better-auth endpoint as the holder of `token`. */
export async function authPost(url: string, path: string, token: string, body: unknown = {}) {
  const res = await fetch(`${url}/api/auth${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost:3999',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
  return res;
}

/** A REST call of the API on `node` (a test server or one of several nodes) as `token`'s bearer. */
export const restOn = (node: { url: string }, token: string, method: string, path: string, body?: unknown) =>
  fetch(`${node.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A response's status and JSON body. */
export const jsonOf = async (r: Response) => ({
  status: r.status,
  body: (await r.json()) as Record<string, unknown>,
});
