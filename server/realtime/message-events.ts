import { z } from 'zod';
import { sendMessageFields, withContent } from '../domain/message/schemas';
import { markReadInput } from '../domain/read-state/schemas';
import { syncInput } from '../domain/history/schemas';
import { uuidInput } from '../lib/text';

// Socket payloads are the API inputs plus the workspace they act in.
const inWs = { workspaceId: uuidInput() };
export const socketSend = withContent(sendMessageFields.extend(inWs));
export const socketSync = syncInput.extend(inWs);
export const socketMarkRead = markReadInput.extend(inWs);

/** A conversation the socket follows (channel:join, channel:leave, typing). */
export const conversationRef = z.object({ workspaceId: uuidInput(), conversationId: uuidInput() });
export type ConversationRef = z.infer<typeof conversationRef>;
