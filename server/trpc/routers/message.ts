import { z } from 'zod';
import { deleteMessage, editHistory, editMessage, pinMessage } from '../../domain/message/change';
import { correctMessage } from '../../domain/message/correct';
import { getMessage, history, listPins, sync } from '../../domain/history/service';
import {
  correctMessageInput,
  editHistoryOutput,
  editMessageInput,
  messageOutput,
  messageRef,
  pinInput,
  sendMessageInput,
  sendOutput,
} from '../../domain/message/schemas';
import { historyInput, pageOutput, pinsInput, syncInput, syncOutput } from '../../domain/history/schemas';
import { composerRulesOutput } from '../../domain/policy/schemas';
import { composerRules } from '../../domain/policy/service';
import { sendMessage } from '../../domain/send/service';
import { permissions } from '../../../shared/roles';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('message');
const ws = '/workspaces/{workspaceId}';
const conversation = `${ws}/conversations/{conversationId}`;
const msg = `${ws}/messages/{messageId}`;

// Messages are for people (API keys are refused by the service); guests and widget visitors reach
// only the conversations they are in, which the service checks per conversation.
const person = { role: 'guest', visitor: true } as const;
const inConversation = { ...person, conversation: true } as const;

export const messageRouter = router({
  // A quarantine that holds lets its member send: the send path holds what they send for review.
  send: api.post(
    { ...person, lockdown: 'send' },
    `${conversation}/messages`,
    sendMessageInput,
    sendOutput,
    sendMessage,
  ),
  history: api.get(inConversation, `${conversation}/messages`, historyInput, pageOutput, history),
  get: api.get(person, msg, messageRef, messageOutput, getMessage),
  edit: api.patch(person, msg, editMessageInput, messageOutput, editMessage),
  // Rectification: an admin corrects someone else's message, with a reason kept in its history.
  correct: api.post(
    { role: permissions['message.correct'] },
    {
      path: `${msg}/corrections`,
      description:
        "An admin corrects someone else's message: the text is replaced, the old one kept in its history with the reason.",
    },
    correctMessageInput,
    messageOutput,
    correctMessage,
  ),
  delete: api.delete(person, msg, messageRef, messageOutput, deleteMessage),
  // Not for visitors: what staff edited out of a reply to a customer stays out of the customer's view.
  editHistory: api.get({ role: 'guest' }, `${msg}/history`, messageRef, editHistoryOutput, editHistory),
  pin: api.post(person, `${msg}/pin`, pinInput, messageOutput, pinMessage),
  pins: api.get(inConversation, `${conversation}/pins`, pinsInput, z.array(messageOutput), listPins),
  sync: api.post(person, `${ws}/sync`, syncInput, syncOutput, sync),
  // Which detectors the workspace masks or refuses, for the composer's warning.
  composerRules: api.get(person, `${ws}/composer-rules`, null, composerRulesOutput, composerRules),
});
