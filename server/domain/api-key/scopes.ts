import { z } from 'zod';
import { apiKeyScopes } from '../../../shared/api-key-scopes';

export { apiKeyScopes, type ApiKeyScope } from '../../../shared/api-key-scopes';
export const apiKeyScope = z.enum(apiKeyScopes);
