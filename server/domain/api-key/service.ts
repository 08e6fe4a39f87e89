import type { z } from 'zod';
import { forbidden, notFound } from '../../lib/errors';
import { newScopedToken } from '../../lib/scoped-token';
import { iso, isoOrNull } from '../../lib/time';
import { audit } from '../audit/append';
import type { ServiceCtx } from '../scope';
import type { createApiKeyInput, revokeApiKeyInput } from './schemas';

const publicFields = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};
const toOutput = (r: KeyRow) => ({
  ...r,
  createdAt: iso(r.createdAt),
  lastUsedAt: isoOrNull(r.lastUsedAt),
  expiresAt: isoOrNull(r.expiresAt),
  revokedAt: isoOrNull(r.revokedAt),
});

export async function createApiKey(
  { tx, scope, meta }: ServiceCtx,
  input: z.infer<typeof createApiKeyInput>,
) {
  // Keys are made by people; a key cannot mint further keys.
  if (!scope.userId) throw forbidden('API keys cannot create API keys');
  const { token, prefix, hash } = newScopedToken('ek', scope.workspaceId);
  const row = await tx.apiKey.create({
    data: {
      workspaceId: scope.workspaceId,
      name: input.name,
      prefix,
      keyHash: hash,
      scopes: input.scopes,
      createdBy: scope.userId,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    },
    select: publicFields,
  });
  await audit(
    { tx, scope, meta },
    'apiKey.create',
    { type: 'apiKey', id: row.id },
    { name: input.name, scopes: input.scopes },
  );
  return { ...toOutput(row), key: token };
}

export async function listApiKeys({ tx, scope }: ServiceCtx) {
  const rows = await tx.apiKey.findMany({
    where: { workspaceId: scope.workspaceId },
    select: publicFields,
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(toOutput);
}

export async function revokeApiKey(
  { tx, scope, meta }: ServiceCtx,
  input: z.infer<typeof revokeApiKeyInput>,
) {
  const r = await tx.apiKey.updateMany({
    where: { id: input.keyId, workspaceId: scope.workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (r.count === 0) throw notFound('API key');
  await audit({ tx, scope, meta }, 'apiKey.revoke', { type: 'apiKey', id: input.keyId });
  return { ok: true as const };
}
