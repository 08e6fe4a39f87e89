import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from '@/server/trpc/root';
import type { RouterOutputs } from '../client/trpc';

/** A stored message as the API and the socket events carry it. */
export type Message = RouterOutputs['message']['history']['messages'][number];
export type Reaction = Message['reactions'][number];
export type Channel = RouterOutputs['channel']['list'][number];
export type Direct = RouterOutputs['channel']['listDirect'][number];
export type SubjectConversation = RouterOutputs['channel']['listBySubject'][number];
export type ReadState = RouterOutputs['read']['states'][number];
export type SearchHit = RouterOutputs['search']['messages'][number];
export type ComposerRules = RouterOutputs['message']['composerRules'];

export type { Ack, AckError, ServerToClientEvents } from '@/server/realtime/types';

/**
 * The tRPC client the chat engine calls: any client of the app's router (the page's `useUtils().client`,
 * the widget's bearer client, or a plain `createTRPCClient` in Node, as the delivery tests use it).
 */
export type ChatApi = TRPCClient<AppRouter>;

/** What the sidebar and receipts care about; they refresh their queries on it. */
export type Activity =
  | { type: 'message'; conversationId: string; authorId: string | null }
  | { type: 'read'; conversationId: string; userId: string; lastReadSeq: number }
  | { type: 'readState'; state: ReadState }
  | { type: 'notification'; conversationId: string }
  | { type: 'synced' }
  /** The server stored a send with something masked, and says what (the security policy). */
  | { type: 'notice'; conversationId: string; parentId: string | null; text: string };

/** A file on a message (or an upload not sent yet), as the API and `file:updated` carry it. */
export type ChatFile = Message['files'][number];
