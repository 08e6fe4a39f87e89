import { z } from 'zod';
import {
  apiKeyOutput,
  createApiKeyInput,
  createdApiKeyOutput,
  revokeApiKeyInput,
} from '../../domain/api-key/schemas';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/api-key/service';
import { router } from '../init';
import { workspaceProcedure } from '../procedures';

const tags = ['apiKey'];

// API keys are managed by people only: no scope admits a key to these procedures.
export const apiKeyRouter = router({
  create: workspaceProcedure({ role: 'admin' })
    .meta({ openapi: { method: 'POST', path: '/workspaces/{workspaceId}/api-keys', tags, protect: true } })
    .input(createApiKeyInput)
    .output(createdApiKeyOutput)
    .mutation(({ ctx, input }) => createApiKey(ctx, input)),

  list: workspaceProcedure({ role: 'admin' })
    .meta({ openapi: { method: 'GET', path: '/workspaces/{workspaceId}/api-keys', tags, protect: true } })
    .output(z.array(apiKeyOutput))
    .query(({ ctx }) => listApiKeys(ctx)),

  revoke: workspaceProcedure({ role: 'admin' })
    .meta({
      openapi: { method: 'DELETE', path: '/workspaces/{workspaceId}/api-keys/{keyId}', tags, protect: true },
    })
    .input(revokeApiKeyInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx, input)),
});
