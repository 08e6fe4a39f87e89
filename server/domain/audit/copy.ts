import { z } from 'zod';

/** One signed checkpoint as it is kept outside the database. */
export interface CheckpointRecord {
  workspaceId: string;
  seq: bigint;
  hash: string;
  signature: string;
  createdAt: Date;
}

/** A line of the copy: a checkpoint, or a line that could not be read (e.g. torn by a crash). */
export type CopyLine = { ok: true; record: CheckpointRecord } | { ok: false };

/**
 * Where the signed checkpoints are written besides `audit_checkpoint`, so that someone with the
 * table owner's rights cannot cut the newest checkpoints (and the entries they sign) unnoticed.
 */
export interface CheckpointCopy {
  readonly kind: 'file' | 'url';
  /** Names this location in `audit_checkpoint_copy`: a new location is filled from the start. */
  readonly id: string;
  /** Stores the records of one workspace, in order; resolves only once they are durable. */
  append(workspaceId: string, records: CheckpointRecord[]): Promise<void>;
  /** The workspace's records in the order they were written, one at a time (bounded memory). */
  read(workspaceId: string): AsyncIterable<CopyLine>;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const lineSchema = z.object({
  workspaceId: z.uuid(),
  seq: z.string().regex(/^[1-9]\d{0,18}$/),
  hash: hex64,
  signature: hex64,
  createdAt: z.iso.datetime(),
});

/** One line of NDJSON (the same in the files and on the wire). */
export const toLine = (r: CheckpointRecord) =>
  JSON.stringify({
    workspaceId: r.workspaceId,
    seq: r.seq.toString(),
    hash: r.hash,
    signature: r.signature,
    createdAt: r.createdAt.toISOString(),
  });

// Longer lines are not ours; they are skipped without being parsed.
const MAX_LINE = 1024;

export function parseLine(line: string): CopyLine {
  if (line.length > MAX_LINE) return { ok: false };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false };
  }
  const p = lineSchema.safeParse(raw);
  if (!p.success) return { ok: false };
  return { ok: true, record: { ...p.data, seq: BigInt(p.data.seq), createdAt: new Date(p.data.createdAt) } };
}
