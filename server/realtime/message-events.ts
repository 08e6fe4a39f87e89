import { markReadInput, sendMessageInput, syncInput } from '../domain/message/schemas';
import { uuidInput } from '../lib/text';

// Socket payloads are the API inputs plus the workspace they act in.
const inWs = { workspaceId: uuidInput() };
export const socketSend = sendMessageInput.extend(inWs);
export const socketSync = syncInput.extend(inWs);
export const socketMarkRead = markReadInput.extend(inWs);
