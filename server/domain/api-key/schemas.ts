import { z } from 'zod';
import { API_KEY_MAX_DAYS } from '../../../shared/limits';
import { singleLine, uuidInput } from '../../lib/text';
import { apiKeyScope } from './scopes';

export const createApiKeyInput = z.object({
  name: singleLine(1, 80),
  scopes: z.array(apiKeyScope).min(1).max(10),
  expiresInDays: z.number().int().min(1).max(API_KEY_MAX_DAYS).optional(),
});
export const revokeApiKeyInput = z.object({ keyId: uuidInput() });

export const apiKeyOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
/** The key itself appears in this one response and never again. */
export const createdApiKeyOutput = apiKeyOutput.extend({ key: z.string() });
