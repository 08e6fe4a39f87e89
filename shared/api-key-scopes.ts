/** What an API key may do. Procedures that name no scope refuse API keys altogether. */
export const apiKeyScopes = ['workspace:read', 'members:read', 'members:write', 'audit:read'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];
