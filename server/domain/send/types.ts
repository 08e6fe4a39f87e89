import type { Tx } from '../../db/client';
import type { parseMentions } from '../../../shared/mentions';
import type { Deps } from '../deps';

// The types the send path's modules share (send.ts, keys.ts, files.ts).

export interface SendItem {
  userId: string;
  conversationId: string;
  clientMsgId: string;
  body: string;
  parentId?: string | undefined;
  /** The sender's own unsent uploads to the conversation. */
  fileIds?: string[] | undefined;
  /** Sent by a widget visitor: the support inbox hears of it (top-level messages only). */
  visitor?: boolean;
  /**
   * A held message a moderator approved (server/domain/moderation/hold.ts): posted as its author
   * wrote it, without being charged, held or screened a second time.
   */
  approved?: boolean;
}

/** Runs reads in a transaction scoped to the workspace (the caller's own, or a new one). */
export type TenantRead = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

export interface Prepared {
  index: number;
  /** With the body as stored: after the security policy's redactions. */
  item: SendItem;
  notice: string | null;
  id: string;
  mentions: ReturnType<typeof parseMentions>;
}

/** What a send needs of the runtime: keys, settings, and who is online (for @here). */
export type SendDeps = Pick<
  Deps,
  'keys' | 'settings' | 'presence' | 'tenants' | 'sendRate' | 'restrictions' | 'events'
>;
