import type { RouterOutputs, trpc } from '../client/trpc';

/** A stored message as the API and the socket events carry it. */
export type Message = RouterOutputs['message']['history']['messages'][number];
export type Reaction = Message['reactions'][number];
export type Channel = RouterOutputs['channel']['list'][number];
export type Direct = RouterOutputs['channel']['listDirect'][number];
export type SubjectConversation = RouterOutputs['channel']['listBySubject'][number];
export type ReadState = RouterOutputs['read']['states'][number];
export type SearchHit = RouterOutputs['search']['messages'][number];

export type { Ack, AckError, ServerToClientEvents } from '@/server/realtime/types';

/** The tRPC client the chat engine calls (the page's, or the widget's bearer client). */
export type ChatApi = ReturnType<typeof trpc.useUtils>['client'];

/** What the sidebar and receipts care about; they refresh their queries on it. */
export type Activity =
  | { type: 'message'; conversationId: string; authorId: string | null }
  | { type: 'read'; conversationId: string; userId: string; lastReadSeq: number }
  | { type: 'readState'; state: ReadState }
  | { type: 'notification'; conversationId: string }
  | { type: 'synced' };
