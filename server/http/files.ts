import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { resolveActor } from '../auth/actor';
import type { Actor } from '../domain/actor';
import { openFile, type OpenedFile } from '../domain/attachment/open';
import type { Intake, IntakeLimits } from '../domain/attachment/intake';
import type { FileOutput } from '../domain/attachment/schemas';
import { fileName, planUpload, receiveUpload, recordUpload } from '../domain/attachment/upload';
import { planVersion, recordVersion } from '../domain/attachment/versions';
import type { ServiceCtx } from '../domain/scope';
import { enterWorkspace, type EnterOptions } from '../gate/enter';
import { decryptBuffer, decryptRange, streamKey } from '../lib/crypto/file-cipher';
import { AppError } from '../lib/errors';
import { toHeaders, type RequestMeta } from '../lib/request-meta';
import type { Runtime } from '../runtime';
import { blobContext } from '../domain/attachment/bindings';
import { sendJson } from './json';
import { parseRange } from './range';

const UPLOAD = /^\/api\/v1\/workspaces\/([^/]+)\/conversations\/([^/]+)\/files$/;
const VERSION = /^\/api\/v1\/workspaces\/([^/]+)\/files\/([^/]+)\/versions$/;
const FETCH = /^\/api\/v1\/workspaces\/([^/]+)\/files\/([^/]+)\/(content|thumbnail)$/;
const uploadIds = z.object({ workspaceId: z.uuid().toLowerCase(), conversationId: z.uuid().toLowerCase() });
const fetchIds = z.object({ workspaceId: z.uuid().toLowerCase(), fileId: z.uuid().toLowerCase() });
/** `?version=N` on a download: an earlier (or the pending) version by its number. */
const versionQuery = z.coerce.number().int().min(1).max(2_147_483_647).nullable();

/** The routes that move a file's bytes, as the isolation matrix enumerates them. */
export const FILE_ROUTES = [
  { method: 'POST', path: '/api/v1/workspaces/{workspaceId}/conversations/{conversationId}/files' },
  { method: 'POST', path: '/api/v1/workspaces/{workspaceId}/files/{fileId}/versions' },
  { method: 'GET', path: '/api/v1/workspaces/{workspaceId}/files/{fileId}/content' },
  { method: 'GET', path: '/api/v1/workspaces/{workspaceId}/files/{fileId}/thumbnail' },
] as const;

/** Whether this request moves a file's bytes (raw bodies and streams: outside the JSON router). */
export const isFileRoute = (method: string | undefined, path: string) =>
  (method === 'POST' && (UPLOAD.test(path) || VERSION.test(path))) || (method === 'GET' && FETCH.test(path));

async function caller(rt: Runtime, req: IncomingMessage, meta: RequestMeta) {
  const actor = await resolveActor(rt, toHeaders(req.headers));
  if (!actor) throw new AppError('UNAUTHORIZED', 'Sign in first');
  await rt.rateLimits.consume({
    ip: meta.ip,
    userId: actor.kind === 'apiKey' ? `key:${actor.keyId}` : actor.userId,
  });
  return actor;
}

/** The name travels in a header (percent-encoded UTF-8): a cross-site form cannot set one. */
function nameFrom(req: IncomingMessage): string {
  const raw = req.headers['x-file-name'];
  let decoded: string | null;
  try {
    decoded = typeof raw === 'string' ? decodeURIComponent(raw) : null;
  } catch {
    decoded = null;
  }
  const parsed = fileName.safeParse(decoded ?? '');
  if (!parsed.success)
    throw new AppError('VALIDATION', 'Name the file in the X-File-Name header (percent-encoded)', {
      fieldErrors: { name: parsed.error.issues.map((i) => i.message) },
    });
  return parsed.data;
}

function declaredLength(req: IncomingMessage): number | null {
  const n = Number(req.headers['content-length']);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * An upload through the gate twice: before any byte is read (may the caller post here, within what
 * limits), then, after the bytes are in the store, to write the rows (access checked again). A
 * failure after the bytes are stored removes them.
 */
async function storeBytes<P extends IntakeLimits>(
  rt: Runtime,
  call: { actor: Actor; workspaceId: string; meta: RequestMeta },
  opts: EnterOptions,
  steps: {
    plan: (ctx: ServiceCtx) => Promise<P>;
    record: (ctx: ServiceCtx, plan: P, stored: Intake) => Promise<FileOutput>;
  },
  body: Readable,
): Promise<FileOutput> {
  const admitted: EnterOptions = {
    ...opts,
    admitted: (tier) => rt.rateLimits.consume({ workspaceId: call.workspaceId, tier }),
  };
  const plan = await enterWorkspace(rt, call, admitted, steps.plan);
  const stored = await receiveUpload(rt, call.workspaceId, body, plan);
  try {
    return await enterWorkspace(rt, call, opts, (ctx) => steps.record(ctx, plan, stored));
  } catch (err) {
    await rt.files.store.delete(stored.storageKey).catch(() => undefined);
    throw err;
  }
}

export const storeUpload = (
  rt: Runtime,
  call: { actor: Actor; workspaceId: string; meta: RequestMeta },
  input: { conversationId: string; name: string; declaredBytes: number | null },
  body: Readable,
) =>
  storeBytes(
    rt,
    call,
    { visitor: true, write: true, conversationId: input.conversationId, audit: 'attachment.upload' },
    { plan: (ctx) => planUpload(ctx, input), record: recordUpload },
    body,
  );

/** A new version of a file, through the same two gates, limits, sniffing, cipher and scan as an upload. */
export const storeVersion = (
  rt: Runtime,
  call: { actor: Actor; workspaceId: string; meta: RequestMeta },
  input: { fileId: string; name: string; declaredBytes: number | null },
  body: Readable,
) =>
  storeBytes(
    rt,
    call,
    { visitor: true, write: true, audit: 'attachment.replace' },
    { plan: (ctx) => planVersion(ctx, input), record: recordVersion },
    body,
  );

async function replace(
  rt: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  meta: RequestMeta,
) {
  const [, workspaceId, fileId] = VERSION.exec(path) ?? [];
  const ids = fetchIds.safeParse({ workspaceId, fileId });
  if (!ids.success) throw new AppError('NOT_FOUND', 'File not found');
  const name = nameFrom(req);
  const actor = await caller(rt, req, meta);
  const file = await storeVersion(
    rt,
    { actor, workspaceId: ids.data.workspaceId, meta },
    { fileId: ids.data.fileId, name, declaredBytes: declaredLength(req) },
    req,
  );
  sendJson(res, 201, { file });
}

async function upload(
  rt: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  meta: RequestMeta,
) {
  if (VERSION.test(path)) return replace(rt, req, res, path, meta);
  const [, workspaceId, conversationId] = UPLOAD.exec(path) ?? [];
  const ids = uploadIds.safeParse({ workspaceId, conversationId });
  if (!ids.success) throw new AppError('NOT_FOUND', 'Conversation not found');
  const name = nameFrom(req);
  const actor = await caller(rt, req, meta);
  const file = await storeUpload(
    rt,
    { actor, workspaceId: ids.data.workspaceId, meta },
    { conversationId: ids.data.conversationId, name, declaredBytes: declaredLength(req) },
    req,
  );
  sendJson(res, 201, { file });
}

/** RFC 6266: an ASCII fallback and the exact name in UTF-8. */
const disposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

const safeHeaders = (f: OpenedFile, part: string) => ({
  'content-type': f.mime,
  'content-disposition': part === 'content' ? disposition(f.name) : 'inline',
  'x-content-type-options': 'nosniff',
  // Nothing fetched from here runs: no script, no frame, no plugin, even opened directly.
  'content-security-policy': "default-src 'none'; sandbox",
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'private, no-store',
});

async function fetchFile(
  rt: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  meta: RequestMeta,
) {
  const [, workspaceId, fileId, part] = FETCH.exec(path) ?? [];
  const ids = fetchIds.safeParse({ workspaceId, fileId });
  if (!ids.success || (part !== 'content' && part !== 'thumbnail'))
    throw new AppError('NOT_FOUND', 'File not found');
  const asked = versionQuery.safeParse(new URL(req.url ?? '/', 'http://x').searchParams.get('version'));
  if (!asked.success)
    throw new AppError('VALIDATION', 'version must be a version number', {
      fieldErrors: { version: ['A whole number from 1'] },
    });
  const actor = await caller(rt, req, meta);
  const f = await enterWorkspace(
    rt,
    { actor, workspaceId: ids.data.workspaceId, meta },
    {
      visitor: true,
      write: false,
      admitted: (tier) => rt.rateLimits.consume({ workspaceId: ids.data.workspaceId, tier }),
      audit: 'attachment.download',
    },
    (ctx) => openFile(ctx, ids.data.fileId, part, asked.data),
  );
  const context = blobContext(f.workspaceId, f.versionId);
  if (part === 'thumbnail') {
    const sealed = await rt.files.store.get(f.storageKey);
    const chunks: Buffer[] = [];
    for await (const c of sealed) chunks.push(c as Buffer);
    const thumb = decryptBuffer(streamKey(f.fileKey, 'thumbnail'), context, Buffer.concat(chunks));
    res.writeHead(200, { ...safeHeaders(f, part), 'content-length': String(thumb.length) });
    res.end(thumb);
    return;
  }
  const range = parseRange(req.headers.range, f.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'content-range': `bytes */${f.size}`, 'cache-control': 'no-store' });
    res.end();
    return;
  }
  const plan = decryptRange(streamKey(f.fileKey, 'content'), context, f.size, range ?? undefined);
  const sealed = await rt.files.store.get(f.storageKey, { start: plan.cipherStart, end: plan.cipherEnd });
  const length = range ? range.end - range.start + 1 : f.size;
  res.writeHead(range ? 206 : 200, {
    ...safeHeaders(f, part),
    'accept-ranges': 'bytes',
    'content-length': String(length),
    ...(range && { 'content-range': `bytes ${range.start}-${range.end}/${f.size}` }),
  });
  // A segment that fails authentication ends the response early: the client sees a short body.
  await pipeline(sealed, plan.stream(), res).catch(() => res.destroy());
}

export async function fileRoute(
  rt: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  meta: RequestMeta,
) {
  if (req.method === 'POST') return upload(rt, req, res, path, meta);
  return fetchFile(rt, req, res, path, meta);
}
