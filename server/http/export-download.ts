import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { resolveActor } from '../auth/actor';
import { authorizeDownload } from '../domain/compliance/export/service';
import { accessFile } from '../domain/privacy/access';
import { enterWorkspace } from '../gate/enter';
import { AppError } from '../lib/errors';
import { toHeaders, type RequestMeta } from '../lib/request-meta';
import type { Runtime } from '../runtime';

const PATH = /^\/api\/v1\/workspaces\/([^/]+)\/compliance\/exports\/([^/]+)\/download$/;
const ACCESS = /^\/api\/v1\/privacy\/requests\/([^/]+)\/download$/;
const ids = z.object({ workspaceId: z.uuid(), exportId: z.uuid() });

/** Whether this request is an export's download (a file, not JSON: outside the REST router). */
export const isExportDownload = (method: string | undefined, path: string) =>
  method === 'GET' && (PATH.test(path) || ACCESS.test(path));

/**
 * Streams a finished export to the admin who asked for it, through the one workspace gate (so a
 * non-member learns nothing, a lockdown and rate limits apply), as an attachment that no browser
 * renders. The service checks the requester, the status and the expiry, and audits the download.
 */
/** A person's own data (an access request): theirs only, signed in as themselves. */
async function downloadAccess(
  rt: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  meta: RequestMeta,
) {
  const id = z.uuid().safeParse(ACCESS.exec(path)?.[1]);
  if (!id.success) throw new AppError('NOT_FOUND', 'Request not found');
  const actor = await resolveActor(rt, toHeaders(req.headers));
  if (actor?.kind !== 'user') throw new AppError('UNAUTHORIZED', 'Sign in first');
  await rt.rateLimits.consume({ ip: meta.ip, userId: actor.userId, global: true });
  const found = await accessFile(rt, actor.userId, id.data);
  await send(res, found, `enclave-my-data-${found.createdAt.toISOString().slice(0, 10)}.zip`);
}

async function send(res: ServerResponse, found: { file: string; bytes: bigint | null }, name: string) {
  res.writeHead(200, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${name}"`,
    ...(found.bytes !== null ? { 'content-length': String(found.bytes) } : {}),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; sandbox",
  });
  await pipeline(createReadStream(found.file), res);
}

export async function downloadExport(
  rt: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  meta: RequestMeta,
) {
  if (ACCESS.test(path)) return downloadAccess(rt, req, res, path, meta);
  const [, workspaceId, exportId] = PATH.exec(path) ?? [];
  const parsed = ids.safeParse({ workspaceId, exportId });
  if (!parsed.success) throw new AppError('NOT_FOUND', 'Export not found');
  const actor = await resolveActor(rt, toHeaders(req.headers));
  if (!actor) throw new AppError('UNAUTHORIZED', 'Sign in first');
  await rt.rateLimits.consume({
    ip: meta.ip,
    userId: actor.kind === 'apiKey' ? `key:${actor.keyId}` : actor.userId,
  });
  const found = await enterWorkspace(
    rt,
    { actor, workspaceId: parsed.data.workspaceId, meta },
    {
      role: 'admin',
      visitor: false,
      write: false,
      admitted: (tier) => rt.rateLimits.consume({ workspaceId: parsed.data.workspaceId, tier }),
      audit: 'compliance.downloadExport',
    },
    (ctx) => authorizeDownload(ctx, parsed.data.exportId),
  );
  const day = found.createdAt.toISOString().slice(0, 10);
  await send(res, found, `enclave-export-${day}-${parsed.data.exportId.slice(0, 8)}.zip`);
}
