import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Db, Tx } from '../../db/client';
import type { Prisma } from '../../db/generated/client';
import { canonicalJson } from '../audit/chain';
import type { WorkspaceErasure } from './erasure';

/** One workspace's part of a receipt, and where the audit chain anchors it. */
export type ReceiptPart = Omit<WorkspaceErasure, 'blocked' | 'role'>;

/** The signed body of an erasure receipt. */
export interface Receipt {
  kind: 'enclave.erasure-receipt';
  version: 1;
  id: string;
  scope: 'workspace' | 'account';
  requestedBy: 'self' | 'admin';
  erasedAt: string;
  workspaces: ReceiptPart[];
  /** The tables of the account itself that were removed (account deletion only). */
  account: string[];
  /** Copies the person took of their data before (access requests): their SHA-256. */
  exports: { id: string; sha256: string; at: string }[];
  /**
   * Where each workspace's audit chain anchors its part: the entry "privacy.erase" whose data
   * holds the SHA-256 of that part's canonical JSON.
   */
  anchors: { workspaceId: string; seq: string; sha256: string }[];
}

export const partDigest = (p: ReceiptPart) => createHash('sha256').update(canonicalJson(p)).digest('hex');

export const signReceipt = (key: string, r: Receipt) =>
  createHmac('sha256', key)
    .update(`erasure-receipt:${canonicalJson(r)}`)
    .digest('hex');

export function receiptValid(key: string, r: Receipt, signature: string) {
  const expected = Buffer.from(signReceipt(key, r), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Stores a signed receipt (in the caller's transaction when given, so it commits with the erasure). */
export async function storeReceipt(
  db: Db | Tx,
  key: string,
  r: Receipt,
  subjectRef: string,
): Promise<{ receipt: Receipt; signature: string }> {
  const signature = signReceipt(key, r);
  await db.erasureReceipt.create({
    data: {
      id: r.id,
      subjectRef,
      pseudonym: r.workspaces[0]?.pseudonym ?? 'erased',
      scope: r.scope,
      requestedBy: r.requestedBy,
      workspaceIds: r.workspaces.map((w) => w.workspaceId),
      receipt: r as unknown as Prisma.InputJsonValue,
      signature,
    },
  });
  return { receipt: r, signature };
}

const summary = (row: {
  id: string;
  scope: string;
  requestedBy: string;
  createdAt: Date;
  receipt: unknown;
}) => {
  const r = row.receipt as Receipt;
  return {
    id: row.id,
    scope: row.scope === 'account' ? ('account' as const) : ('workspace' as const),
    requestedBy: row.requestedBy === 'admin' ? ('admin' as const) : ('self' as const),
    workspaces: r.workspaces.map((w) => w.workspace),
    erasedAt: row.createdAt.toISOString(),
  };
};

/** The person's receipts (found by their subject reference), newest first. */
export async function receiptsOf(db: Db, subjectRef: string) {
  const rows = await db.erasureReceipt.findMany({
    where: { subjectRef },
    orderBy: { createdAt: 'desc' },
    take: 50,
  });
  return rows.map((row) => ({
    ...summary(row),
    receipt: row.receipt as unknown as Receipt,
    signature: row.signature,
  }));
}

/** The workspace's erasures (the console's Privacy requests), newest first. */
export async function receiptsIn(db: Db | Tx, workspaceId: string) {
  const rows = await db.erasureReceipt.findMany({
    where: { workspaceIds: { has: workspaceId } },
    orderBy: { createdAt: 'desc' },
    take: 100,
  });
  return rows.map((row) => ({
    ...summary(row),
    pseudonym:
      (row.receipt as unknown as Receipt).workspaces.find((w) => w.workspaceId === workspaceId)?.pseudonym ??
      row.pseudonym,
  }));
}
