import { z } from 'zod';
import { opaqueId, text } from '../../lib/text';
import { conversationId, messageOutput, PAGE_MAX } from '../message/schemas';

export const searchInput = z
  .object({
    query: text().trim().min(1, 'Required').max(200, 'At most 200 characters'),
    conversationId: conversationId.optional(),
    authorId: opaqueId(64).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    inThreads: z.boolean().optional(),
    limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(20),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'from is after to', path: ['from'] });

export const searchOutput = z.array(messageOutput.extend({ conversationName: z.string().nullable() }));
