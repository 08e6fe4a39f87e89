import type { RouterOutputs } from '../client/trpc';

/** A stored message as the API and the socket events carry it. */
export type Message = RouterOutputs['message']['history']['messages'][number];
export type Reaction = Message['reactions'][number];
export type Channel = RouterOutputs['channel']['list'][number];
export type Direct = RouterOutputs['channel']['listDirect'][number];
export type SubjectConversation = RouterOutputs['channel']['listBySubject'][number];
export type ReadState = RouterOutputs['read']['states'][number];
export type SearchHit = RouterOutputs['search']['messages'][number];

export type { Ack, AckError, ServerToClientEvents } from '@/server/realtime/types';
