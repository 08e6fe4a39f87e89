import { z } from 'zod';
import {
  apiKeyOutput,
  createApiKeyInput,
  createdApiKeyOutput,
  revokeApiKeyInput,
} from '../../domain/api-key/schemas';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/api-key/service';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('apiKey');
const keys = '/workspaces/{workspaceId}/api-keys';
const admin = { role: 'admin' } as const;
const ok = z.object({ ok: z.literal(true) });

// API keys are managed by people only: no scope admits a key to these procedures.
export const apiKeyRouter = router({
  create: api.post(admin, keys, createApiKeyInput, createdApiKeyOutput, createApiKey),
  list: api.get(admin, keys, null, z.array(apiKeyOutput), listApiKeys),
  revoke: api.delete(admin, `${keys}/{keyId}`, revokeApiKeyInput, ok, revokeApiKey),
});
