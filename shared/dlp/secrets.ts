import { allMatches, type Detector, type DlpMatch } from './types';

/**
 * Credentials, after the shape of gitleaks' rules: each rule has keywords that must appear in the
 * text (lowercased) before its pattern runs at all, which keeps ordinary messages cheap, and where a
 * token could be ordinary text, a minimum Shannon entropy of the secret part.
 */
interface SecretRule {
  id: string;
  keywords: readonly string[];
  pattern: RegExp;
  /** Bits per character the captured secret (group 1, else the match) must reach. */
  entropy?: number;
}

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: 'aws-access-key',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    pattern: /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g,
    entropy: 3,
  },
  {
    id: 'github-token',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /\b(gh[pousr]_[0-9A-Za-z]{36})\b/g,
    entropy: 3,
  },
  { id: 'github-fine-grained', keywords: ['github_pat_'], pattern: /\b(github_pat_\w{82})\b/g, entropy: 3 },
  { id: 'gitlab-token', keywords: ['glpat-'], pattern: /\b(glpat-[\w-]{20})(?![\w-])/g, entropy: 3 },
  {
    id: 'stripe-key',
    keywords: ['sk_live', 'sk_test', 'rk_live', 'rk_test', 'sk_prod', 'rk_prod'],
    pattern: /\b([sr]k_(?:live|test|prod)_[0-9A-Za-z]{10,99})\b/g,
    entropy: 3,
  },
  {
    id: 'slack-token',
    keywords: ['xoxb', 'xoxp', 'xoxa', 'xoxo', 'xoxs', 'xoxr', 'xoxe'],
    pattern: /\b(xox[bpaosre](?:\.[a-z0-9-]+)?-[0-9A-Za-z-]{10,250})(?![\w-])/g,
    entropy: 3,
  },
  {
    id: 'slack-webhook',
    keywords: ['hooks.slack.com'],
    pattern: /(https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,120})/g,
  },
  { id: 'google-api-key', keywords: ['aiza'], pattern: /\b(AIza[\w-]{35})(?![\w-])/g, entropy: 3 },
  {
    id: 'jwt',
    keywords: ['eyj'],
    pattern: /\b(ey[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})(?![\w-])/g,
    entropy: 3,
  },
  {
    // `api_key = "…"`, `password: …`, `SECRET_TOKEN=…`: a credential's name, then a long value.
    id: 'generic-assignment',
    keywords: ['key', 'secret', 'token', 'passw', 'pwd', 'auth', 'credential'],
    pattern:
      /(?:api[_-]?key|secret|token|passw(?:or)?d|pwd|auth|credentials?|access[_-]?key)[\w-]{0,20}["']?[ \t]{0,5}(?:[:=]|=>|:=)[ \t]{0,5}["'`]?([A-Za-z0-9+/_\-.~=]{16,128})/gi,
    entropy: 3.5,
  },
];

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const BEGIN = /-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;

/** Private key blocks, found by their markers with two linear scans rather than one lazy pattern. */
function privateKeys(text: string): DlpMatch[] {
  if (!text.includes('PRIVATE KEY')) return [];
  const out: DlpMatch[] = [];
  BEGIN.lastIndex = 0;
  for (let b = BEGIN.exec(text); b; b = BEGIN.exec(text)) {
    END.lastIndex = b.index + b[0].length;
    const e = END.exec(text);
    // No end marker after this one means none after any later one either: a pasted key cut short
    // still gives itself away, so the rest of the text from the marker is masked.
    const end = e ? e.index + e[0].length : text.length;
    out.push({ detector: 'secret', rule: 'private-key', start: b.index, end, mask: '[secret removed]' });
    BEGIN.lastIndex = end;
  }
  return out;
}

export const detectSecrets: Detector = (text) => {
  const lower = text.toLowerCase();
  const out = privateKeys(text);
  for (const rule of SECRET_RULES) {
    if (!rule.keywords.some((k) => lower.includes(k))) continue;
    for (const m of allMatches(rule.pattern, text)) {
      const secret = m[1] ?? m[0];
      if (rule.entropy !== undefined && entropy(secret) < rule.entropy) continue;
      // Mask the secret itself, so that `password = [secret removed]` still reads.
      const start = m.index + m[0].lastIndexOf(secret);
      out.push({
        detector: 'secret',
        rule: rule.id,
        start,
        end: start + secret.length,
        mask: '[secret removed]',
      });
    }
  }
  return out;
};
