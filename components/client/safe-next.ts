// Where the server renders, there is no page origin; any fixed origin gives the same verdict for
// a relative `next`, which is all that is accepted anyway.
const SERVER_ORIGIN = 'http://enclave.invalid';

/**
 * A `?next=` destination, only if it stays on this origin; otherwise `fallback`.
 *
 * Checked after parsing, as the browser will read it: the URL parser drops TAB, CR and LF and
 * reads a backslash as a slash, so a raw string check lets `/<TAB>/evil.example/` through as
 * `//evil.example/`. The result is the parsed path, query and fragment, never the raw input.
 */
export function safeNext(
  next: string | null | undefined,
  fallback = '/workspaces',
  origin: string = typeof window === 'undefined' ? SERVER_ORIGIN : window.location.origin,
): string {
  if (!next) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  // `/.//evil.example` parses to the path `//evil.example`, which is scheme-relative again
  // wherever it is used as a link.
  if (url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
