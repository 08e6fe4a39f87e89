import type { PolicyHit } from '../policy/evaluate';
import { z } from 'zod';
import { AppError, notFound } from '../../lib/errors';
import type { WorkspaceSettings } from '../workspace/settings';

// The contract of app_send_messages (prisma/functions/app_send_messages.sql), typed on this side:
// what sendBatch passes in, what it gets back, and how each refusal reads to the caller.

/** The refusals the function answers per item; its file lists the same (a test compares them). */
export const SEND_REFUSALS = [
  'workspace_not_found',
  'workspace_archived',
  'client_id_conflict',
  'conversation_not_found',
  'join_first',
  'conversation_archived',
  'parent_not_found',
  'too_deep',
  'duplicate_body',
  'file_not_found',
  'file_blocked',
] as const;
/** Every status: stored, a retry of a stored message, a held send that passed the checks, or a refusal. */
export const SEND_STATUSES = ['ok', 'duplicate', 'checked', ...SEND_REFUSALS] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];
export type SendRefusal = (typeof SEND_REFUSALS)[number];

/** One element of the function's p_items: an item prepared (encrypted, tokenised) by Node. */
export interface SendPayloadItem {
  userId: string;
  conversationId: string;
  clientMsgId: string;
  parentId: string | null;
  /** The new row's id, chosen here because the ciphertext is bound to it. */
  messageId: string;
  /** base64 */
  bodyCiphertext: string;
  searchTokens: string[];
  /** hex */
  bodyMac: string;
  mentions: string[];
  mentionChannel: boolean;
  mentionHere: boolean;
  /** The sender's own unsent uploads to the conversation, attached in this order. */
  fileIds?: string[];
  /** Identical copies the duplicate window lets through (absent: 1). */
  repeatsAllowed?: number;
  /** What the security policy caught, stored in policy_hit with the message. */
  hits?: (PolicyHit & { policyVersion: number })[];
  /** Held for review: only checked (answered 'checked' when it could be posted), never stored. */
  check?: boolean;
}

const outcome = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    seq: z.number().int(),
    rev: z.number().int(),
    depth: z.number().int(),
  }),
  z.object({ status: z.literal('duplicate'), messageId: z.string() }),
  z.object({ status: z.literal('checked') }),
  z.object({ status: z.enum(SEND_REFUSALS) }),
]);
export type SendOutcome = z.infer<typeof outcome>;

/** What the function returns: one outcome per item in item order, thread parents touched, who was notified. */
export const sendStored = z.object({
  results: z.array(outcome),
  parents: z.array(z.string()),
  notified: z.array(
    z.object({
      userId: z.string(),
      messageId: z.string(),
      kind: z.enum(['mention', 'reply', 'direct', 'message']),
    }),
  ),
});

/**
 * How each refusal reads to the caller. Typed over every refusal, so a status added to the list
 * without its error here fails typecheck.
 */
export const refusals: Record<SendRefusal, (settings: WorkspaceSettings) => AppError> = {
  // Not a member reads as a workspace that does not exist, as at the gate.
  workspace_not_found: () => new AppError('NOT_FOUND', 'Workspace not found'),
  workspace_archived: () => new AppError('FORBIDDEN', 'This workspace is archived'),
  client_id_conflict: () => new AppError('CONFLICT', 'This client message id is already used'),
  conversation_not_found: () => notFound('Conversation'),
  join_first: () => new AppError('FORBIDDEN', 'Join the conversation first'),
  conversation_archived: () => new AppError('FORBIDDEN', 'This conversation is archived'),
  parent_not_found: () => notFound('Parent message'),
  too_deep: (settings) =>
    new AppError(
      'VALIDATION',
      settings.replyDepth === 1
        ? 'Replies go to top-level messages only; reply in the thread instead'
        : `Replies can nest at most ${settings.replyDepth} deep`,
      { fieldErrors: { parentId: ['Too deep'] } },
    ),
  duplicate_body: (settings) =>
    new AppError(
      'CONFLICT',
      `You just sent this message here; wait ${settings.duplicateWindowSeconds} s before sending it again`,
    ),
  // Someone else's upload, another conversation's, one sent already: none of them is there to send.
  file_not_found: () =>
    new AppError('NOT_FOUND', 'File not found (upload it to this conversation first)', {
      fieldErrors: { fileIds: ['Not found'] },
    }),
  file_blocked: () =>
    new AppError('FORBIDDEN', 'A file was blocked by the malware scan and cannot be sent', {
      fieldErrors: { fileIds: ['Blocked'] },
    }),
};
