/**
 * Blocked domains: a workspace lists hosts its members may not link to. A link to a listed host or
 * any of its subdomains counts (`evil.example` blocks `cdn.evil.example`), a lookalike does not
 * (`notevil.example`). Hosts are compared in their ASCII (punycode) form.
 */

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** `https://Evil.Example/path` → `evil.example`; null when it is not a host name. */
export function normaliseDomain(input: string): string | null {
  let s = input.trim().toLowerCase();
  if (!s) return null;
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\*\./, '');
  s = s.split(/[/?#]/)[0]!.replace(/:\d+$/, '').replace(/\.$/, '');
  let host: string;
  try {
    host = new URL(`http://${s}`).hostname;
  } catch {
    return null;
  }
  if (host.length > 253 || !host.includes('.')) return null;
  const labels = host.split('.');
  if (!labels.every((l) => LABEL.test(l))) return null;
  // The top-level domain is letters (or an IDN's xn-- form): this also refuses IP addresses.
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels.at(-1)!)) return null;
  return host;
}

export interface BlockedLink {
  domain: string;
  start: number;
  end: number;
}

/** A host with or without a scheme, then the rest of the URL up to a space or a closing bracket. */
const LINK =
  /(?<![\w@.-])(?:[a-z][a-z0-9+.-]{0,20}:\/\/)?((?:[\p{L}\p{N}-]{1,63}\.){1,10}[\p{L}\p{N}-]{2,63})(?![\w-])(?::\d{1,5})?(?:[/?#][^\s<>()[\]]*)?/giu;

function hostOf(raw: string): string | null {
  try {
    return new URL(`http://${raw}`).hostname;
  } catch {
    return null;
  }
}

/** Widens a URL's span to the Markdown link `[label](url)` or autolink `<url>` that holds it. */
function widen(text: string, start: number, end: number): [number, number] {
  if (text[start - 1] === '<' && text[end] === '>') return [start - 1, end + 1];
  if (text[start - 1] === '(' && text[start - 2] === ']') {
    const open = text.lastIndexOf('[', start - 2);
    const close = text.indexOf(')', end);
    if (open >= 0 && close >= 0 && !text.slice(end, close).includes(' ')) return [open, close + 1];
  }
  return [start, end];
}

export function blockedLinks(text: string, domains: readonly string[]): BlockedLink[] {
  if (domains.length === 0 || !text.includes('.')) return [];
  const out: BlockedLink[] = [];
  LINK.lastIndex = 0;
  for (let m = LINK.exec(text); m; m = LINK.exec(text)) {
    const host = hostOf(m[1]!);
    if (!host) continue;
    const domain = domains.find((d) => host === d || host.endsWith(`.${d}`));
    if (!domain) continue;
    // Punctuation that ends a sentence is not part of the link.
    const url = m[0].replace(/[.,;:!?'"]+$/, '');
    const [start, end] = widen(text, m.index, m.index + url.length);
    out.push({ domain, start, end });
  }
  return out;
}
