import { z } from 'zod';
import { conversationId } from '../message/schemas';

export const markReadInput = z.object({ conversationId, seq: z.number().int().min(0) });
export const receiptsOutput = z.object({
  seenBy: z.array(z.string()).nullable(),
  seenCount: z.number().int(),
});
export const readStateOutput = z.object({
  conversationId: z.uuid(),
  lastReadSeq: z.number().int(),
  unread: z.number().int(),
  mentions: z.number().int(),
});
