import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  workspaceId: string;
  seq: bigint | number;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  data: unknown;
  createdAt: Date;
}

/** JSON with object keys sorted at every depth: the same event always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function canonicalEvent(e: ChainFields): string {
  return canonicalJson({
    workspaceId: e.workspaceId,
    seq: String(e.seq),
    actorType: e.actorType,
    actorId: e.actorId,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    ip: e.ip,
    userAgent: e.userAgent,
    requestId: e.requestId,
    data: e.data,
    createdAt: e.createdAt.toISOString(),
  });
}

export const chainHash = (prevHash: string, e: ChainFields) =>
  createHash('sha256').update(prevHash).update(canonicalEvent(e)).digest('hex');

/** HMAC over (workspace, seq, hash) with the checkpoint key from configuration. */
export const signCheckpoint = (key: string, workspaceId: string, seq: bigint, hash: string) =>
  createHmac('sha256', key).update(`${workspaceId}:${seq.toString()}:${hash}`).digest('hex');

/**
 * HMAC over a "pruned before" record (workspace, first sequence number kept, the hash it chains
 * from), in a form no checkpoint signature can take.
 */
export const signPrune = (key: string, workspaceId: string, beforeSeq: bigint, prevHash: string) =>
  createHmac('sha256', key)
    .update(`${workspaceId}:pruned-before:${beforeSeq.toString()}:${prevHash}`)
    .digest('hex');

export function pruneValid(
  key: string,
  p: { workspaceId: string; beforeSeq: bigint; prevHash: string; signature: string },
) {
  const expected = Buffer.from(signPrune(key, p.workspaceId, p.beforeSeq, p.prevHash), 'hex');
  const given = Buffer.from(p.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function checkpointValid(
  key: string,
  workspaceId: string,
  seq: bigint,
  hash: string,
  signature: string,
) {
  const expected = Buffer.from(signCheckpoint(key, workspaceId, seq, hash), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The digest a redaction record keeps of an entry's rewritten form (server/domain/privacy/redact.ts). */
export const redactionDigest = (e: ChainFields) =>
  createHash('sha256').update(canonicalEvent(e)).digest('hex');

/**
 * HMAC over a redaction: the entry (workspace, seq), the hash it keeps in the chain and the digest
 * of its rewritten form, in a form no checkpoint or pruning signature can take.
 */
export const signRedaction = (key: string, workspaceId: string, seq: bigint, hash: string, digest: string) =>
  createHmac('sha256', key)
    .update(`${workspaceId}:redacted:${seq.toString()}:${hash}:${digest}`)
    .digest('hex');

export function redactionValid(
  key: string,
  r: { workspaceId: string; seq: bigint; hash: string; digest: string; signature: string },
) {
  const expected = Buffer.from(signRedaction(key, r.workspaceId, r.seq, r.hash, r.digest), 'hex');
  const given = Buffer.from(r.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
