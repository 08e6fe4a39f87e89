import { z } from 'zod';
import { singleLine } from '../../lib/text';
import { userIdInput } from '../member/schemas';

const counts = z.record(z.string(), z.number().int());

/** One workspace in a dry run of an erasure: what goes, what stays under a pseudonym, what is kept. */
export const workspaceErasure = z.object({
  workspaceId: z.uuid(),
  workspace: z.string(),
  role: z.string().nullable(),
  pseudonym: z.string(),
  erased: counts,
  pseudonymised: counts,
  kept: z.array(z.object({ what: z.string(), count: z.number().int(), why: z.string() })),
  holds: z.array(z.string()),
  blocked: z.string().nullable(),
});

const receiptPart = workspaceErasure.omit({ role: true, blocked: true });

export const receiptOutput = z.object({
  receipt: z.object({
    kind: z.literal('enclave.erasure-receipt'),
    version: z.literal(1),
    id: z.uuid(),
    scope: z.enum(['workspace', 'account']),
    requestedBy: z.enum(['self', 'admin']),
    erasedAt: z.iso.datetime(),
    workspaces: z.array(receiptPart),
    account: z.array(z.string()),
    exports: z.array(z.object({ id: z.string(), sha256: z.string(), at: z.string() })),
    anchors: z.array(z.object({ workspaceId: z.uuid(), seq: z.string(), sha256: z.string() })),
  }),
  /** HMAC-SHA256 of the receipt's canonical JSON with the audit checkpoint key. */
  signature: z.string(),
});

export const receiptSummary = z.object({
  id: z.uuid(),
  scope: z.enum(['workspace', 'account']),
  requestedBy: z.enum(['self', 'admin']),
  workspaces: z.array(z.string()),
  erasedAt: z.iso.datetime(),
});

export const workspaceReceipt = receiptSummary.extend({ pseudonym: z.string() });

/** A person's own receipt: the summary, and the signed receipt to download. */
export const myReceipt = receiptSummary.extend(receiptOutput.shape);

export const deletionPreviewOutput = z.object({
  workspaces: z.array(workspaceErasure),
  account: z.array(z.string()),
  blocked: z.array(z.string()),
});

export const deleteAccountInput = z.object({ confirmEmail: singleLine(1, 320) });
export const erasureInput = z.object({ userId: userIdInput });
