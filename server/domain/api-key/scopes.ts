import { z } from 'zod';

/** What an API key may do. Procedures that name no scope refuse API keys altogether. */
export const apiKeyScopes = ['workspace:read', 'members:read', 'members:write', 'audit:read'] as const;
export const apiKeyScope = z.enum(apiKeyScopes);
export type ApiKeyScope = z.infer<typeof apiKeyScope>;
