/**
 * Text that would be markup or script if some other program rendered it as HTML. Enclave never
 * does (messages render as text), so this only reports: the policy can flag it for a moderator.
 * `a < b` and harmless tags like `<b>` are not reported.
 */
export type MarkupKind = 'tag' | 'script-url' | 'handler';
export interface MarkupMatch {
  kind: MarkupKind;
  start: number;
  end: number;
}

const RULES: { kind: MarkupKind; re: RegExp }[] = [
  {
    kind: 'tag',
    re: /<\s*\/?\s*(?:script|iframe|frame|frameset|object|embed|applet|svg|math|style|link|meta|base|form|template|noscript)(?![\w-])/gi,
  },
  // `javascript:`, also with whitespace or entities inside the word as filters get fooled by.
  {
    kind: 'script-url',
    re: /(?<![\w])(?:j(?:\s|&#0*9;|&tab;)*a(?:\s)*v(?:\s)*a(?:\s)*s(?:\s)*c(?:\s)*r(?:\s)*i(?:\s)*p(?:\s)*t|vbscript|data\s*:\s*text\/html)\s*(?::|&colon;|&#0*58;)/gi,
  },
  // An event handler attribute inside something that starts like a tag. Bounded, so a text of many
  // unclosed `<a` costs no more than a linear scan.
  { kind: 'handler', re: /<[a-z][\w-]{0,20}(?:\s[^<>]{0,200})?\s(on[a-z]{3,30})\s*=/gi },
];

export function detectMarkup(text: string): MarkupMatch[] {
  if (!/[<:&]/.test(text)) return [];
  const out: MarkupMatch[] = [];
  for (const { kind, re } of RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text))
      out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}
