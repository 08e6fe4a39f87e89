import { z } from 'zod';
import { deleteMessage, editHistory, editMessage, pinMessage } from '../../domain/message/change';
import { getMessage, history, listPins, sync } from '../../domain/history/service';
import {
  editHistoryOutput,
  editMessageInput,
  messageOutput,
  messageRef,
  pinInput,
  sendMessageInput,
  sendOutput,
} from '../../domain/message/schemas';
import { historyInput, pageOutput, pinsInput, syncInput, syncOutput } from '../../domain/history/schemas';
import { sendMessage } from '../../domain/send/service';
import { router } from '../init';
import { workspaceProcedure } from '../procedures';

const tags = ['message'];
const ws = '/workspaces/{workspaceId}';
const msg = `${ws}/messages/{messageId}`;

// Messages are for people (API keys are refused by the service); guests and widget visitors reach
// only the conversations they are in, which the service checks per conversation.
const person = () => workspaceProcedure({ role: 'guest', visitor: true });

export const messageRouter = router({
  send: person()
    .meta({
      openapi: { method: 'POST', path: `${ws}/conversations/{conversationId}/messages`, tags, protect: true },
    })
    .input(sendMessageInput)
    .output(sendOutput)
    .mutation(({ ctx, input }) => sendMessage(ctx, input)),

  history: workspaceProcedure({ role: 'guest', visitor: true, conversation: true })
    .meta({
      openapi: { method: 'GET', path: `${ws}/conversations/{conversationId}/messages`, tags, protect: true },
    })
    .input(historyInput)
    .output(pageOutput)
    .query(({ ctx, input }) => history(ctx, input)),

  get: person()
    .meta({ openapi: { method: 'GET', path: msg, tags, protect: true } })
    .input(messageRef)
    .output(messageOutput)
    .query(({ ctx, input }) => getMessage(ctx, input)),

  edit: person()
    .meta({ openapi: { method: 'PATCH', path: msg, tags, protect: true } })
    .input(editMessageInput)
    .output(messageOutput)
    .mutation(({ ctx, input }) => editMessage(ctx, input)),

  delete: person()
    .meta({ openapi: { method: 'DELETE', path: msg, tags, protect: true } })
    .input(messageRef)
    .output(messageOutput)
    .mutation(({ ctx, input }) => deleteMessage(ctx, input)),

  editHistory: person()
    .meta({ openapi: { method: 'GET', path: `${msg}/history`, tags, protect: true } })
    .input(messageRef)
    .output(editHistoryOutput)
    .query(({ ctx, input }) => editHistory(ctx, input)),

  pin: person()
    .meta({ openapi: { method: 'POST', path: `${msg}/pin`, tags, protect: true } })
    .input(pinInput)
    .output(messageOutput)
    .mutation(({ ctx, input }) => pinMessage(ctx, input)),

  pins: workspaceProcedure({ role: 'guest', visitor: true, conversation: true })
    .meta({
      openapi: { method: 'GET', path: `${ws}/conversations/{conversationId}/pins`, tags, protect: true },
    })
    .input(pinsInput)
    .output(z.array(messageOutput))
    .query(({ ctx, input }) => listPins(ctx, input)),

  sync: person()
    .meta({ openapi: { method: 'POST', path: `${ws}/sync`, tags, protect: true } })
    .input(syncInput)
    .output(syncOutput)
    .mutation(({ ctx, input }) => sync(ctx, input)),
});
