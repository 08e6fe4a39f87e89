import { z } from 'zod';
import { markReadInput, sendMessageInput, syncInput } from '../domain/message/schemas';

// Socket payloads are the API inputs plus the workspace they act in.
const inWs = { workspaceId: z.uuid() };
export const socketSend = sendMessageInput.extend(inWs);
export const socketSync = syncInput.extend(inWs);
export const socketMarkRead = markReadInput.extend(inWs);
