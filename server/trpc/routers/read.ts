import { z } from 'zod';
import { markRead, myReadStates, receipts } from '../../domain/read-state/service';
import { messageRef } from '../../domain/message/schemas';
import { markReadInput, readStateOutput, receiptsOutput } from '../../domain/read-state/schemas';
import { router } from '../init';
import { workspaceProcedure } from '../procedures';

const tags = ['read'];
const ws = '/workspaces/{workspaceId}';

export const readRouter = router({
  mark: workspaceProcedure({ role: 'guest', visitor: true, conversation: true })
    .meta({
      openapi: { method: 'POST', path: `${ws}/conversations/{conversationId}/read`, tags, protect: true },
    })
    .input(markReadInput)
    .output(readStateOutput)
    .mutation(({ ctx, input }) => markRead(ctx, input)),

  states: workspaceProcedure({ role: 'guest', visitor: true })
    .meta({ openapi: { method: 'GET', path: `${ws}/read-states`, tags, protect: true } })
    .output(z.array(readStateOutput))
    .query(({ ctx }) => myReadStates(ctx)),

  receipts: workspaceProcedure({ role: 'guest', visitor: true })
    .meta({ openapi: { method: 'GET', path: `${ws}/messages/{messageId}/receipts`, tags, protect: true } })
    .input(messageRef)
    .output(receiptsOutput)
    .query(({ ctx, input }) => receipts(ctx, input)),
});
