import { z } from 'zod';
import { markRead, myReadStates, receipts } from '../../domain/read-state/service';
import { messageRef } from '../../domain/message/schemas';
import { markReadInput, readStateOutput, receiptsOutput } from '../../domain/read-state/schemas';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('read');
const ws = '/workspaces/{workspaceId}';
const person = { role: 'guest', visitor: true } as const;

export const readRouter = router({
  mark: api.post(
    // Bookkeeping, not writing: a read-only lockdown lets it through.
    { ...person, conversation: true, lockdown: 'read' },
    `${ws}/conversations/{conversationId}/read`,
    markReadInput,
    readStateOutput,
    markRead,
  ),
  states: api.get(person, `${ws}/read-states`, null, z.array(readStateOutput), myReadStates),
  receipts: api.get(person, `${ws}/messages/{messageId}/receipts`, messageRef, receiptsOutput, receipts),
});
