/**
 * A client message id: 32 hex characters (a UUID without dashes), within the server's
 * 8–64 `[A-Za-z0-9_-]` rule. The same id is reused on every retry, so the server deduplicates.
 */
export function newClientMsgId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID().replace(/-/g, '');
  }
  // crypto.randomUUID needs a secure context; plain-HTTP deployments on a LAN name still get randomness.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
