/**
 * Which addresses a message may link to: the renderer (components/chat/markdown-inline.ts) draws
 * only these as links, and the composer's link popover refuses the rest with `LINK_URL_RULE`, so
 * what the popover accepts always renders as a link.
 */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The rule in words, as the popover shows it under a refused address. */
export const LINK_URL_RULE = 'Enter a link that starts with https://, http:// or mailto:';

/** The normalised URL when it is an absolute http:, https: or mailto: URL; otherwise null. */
export function safeHref(raw: string): string | null {
  let url: URL;
  try {
    // No base: relative and protocol-relative ("//host") references are not links.
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : null;
}
