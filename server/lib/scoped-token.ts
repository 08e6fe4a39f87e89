import { createHash, randomBytes } from 'node:crypto';

// Secrets handed to outsiders (API keys `ek_…`, invitation links `inv_…`, widget sessions `ev_…`)
// carry the workspace id in clear, so the gate can scope its lookup by RLS before it trusts anything;
// only a SHA-256 is stored.
// Format: <kind>_<workspace id as 32 hex>_<secret: 32 random bytes, base64url>.
export type TokenKind = 'ek' | 'inv' | 'ev';

export function newScopedToken(kind: TokenKind, workspaceId: string) {
  const secret = randomBytes(32).toString('base64url');
  const token = `${kind}_${workspaceId.replace(/-/g, '')}_${secret}`;
  return { token, prefix: secret.slice(0, 8), hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function parseScopedToken(kind: TokenKind, token: string): { workspaceId: string } | null {
  const m = new RegExp(`^${kind}_([0-9a-f]{32})_[A-Za-z0-9_-]{43}$`).exec(token);
  const h = m?.[1];
  if (!h) return null;
  return {
    workspaceId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
  };
}
