import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { FILE_LIMITS } from '../../../shared/files';
import { env } from '../../env';
import { keyVersionOf } from '../../lib/crypto/aead';
import { AppError } from '../../lib/errors';
import { singleLine } from '../../lib/text';
import { audit } from '../audit/append';
import { requirePerson, writable } from '../message/access';
import { evaluateText, policyRefusal } from '../policy/evaluate';
import { policyFields } from '../policy/fields';
import type { Deps } from '../deps';
import type { FileSettings } from '../workspace/settings';
import type { ServiceCtx } from '../scope';
import { keyBinding, nameBinding } from './bindings';
import { intake, type Intake, type IntakeLimits } from './intake';
import type { FileOutput } from './schemas';
import { currentVersion, toFileView } from './view';

const MB = 1024 * 1024;

/** The largest upload a workspace takes now: its own setting, within the deployment's cap. */
export const maxBytesOf = (files: FileSettings) => Math.min(files.maxMb, env().FILE_MAX_MB) * MB;

/** A file's name as given: one line, no path (a browser may send "C:\fakepath\…"). */
export const fileName = singleLine(1, FILE_LIMITS.nameMax).transform((n) => n.split(/[\\/]/).pop() ?? n);

export interface UploadPlan extends IntakeLimits {
  conversationId: string;
  name: string;
}

/**
 * Before any byte is read: may the caller post in this conversation, how large may the file be,
 * which kinds does the workspace take, and does the policy refuse the name (refused early here; its
 * hits are recorded when the upload is stored).
 */
export async function planUpload(
  ctx: ServiceCtx,
  input: { conversationId: string; name: string; declaredBytes: number | null },
): Promise<UploadPlan> {
  requirePerson(ctx.scope);
  await writable(ctx.tx, ctx.scope, input.conversationId);
  return { conversationId: input.conversationId, ...(await limitsFor(ctx, input)) };
}

/**
 * The checks every upload (a new file, a new version) passes before a byte is read: the size it
 * declares, and the policy on its name. Returns the limits the bytes are then held to.
 */
export async function limitsFor(
  ctx: ServiceCtx,
  input: { name: string; declaredBytes: number | null },
): Promise<IntakeLimits & { name: string }> {
  const settings = await ctx.deps.settings.read(ctx.tx, ctx.scope.workspaceId);
  const maxBytes = maxBytesOf(settings.files);
  if (input.declaredBytes !== null && input.declaredBytes > maxBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', `Files in this workspace can be at most ${maxBytes / MB} MB`);
  const verdict = evaluateText(settings.security, input.name);
  if (verdict.action === 'block') throw policyRefusal(verdict);
  return { name: input.name, maxBytes, categories: settings.files.categories };
}

/** Streams the bytes into the store (outside any transaction: an upload can take minutes). */
export const receiveUpload = (
  deps: Pick<Deps, 'files'>,
  workspaceId: string,
  body: Readable,
  limits: IntakeLimits,
) => intake(deps.files.store, workspaceId, body, limits);

/**
 * A stored upload's version row, as every upload writes it: the name through the policy (masked
 * where it redacts) and encrypted, the file key wrapped by the workspace key, pending until the
 * scan, which is queued once the caller's transaction commits.
 */
export async function versionRow(ctx: ServiceCtx, conversationId: string, name: string, stored: Intake) {
  const userId = requirePerson(ctx.scope);
  const { tx, scope, deps } = ctx;
  const ws = scope.workspaceId;
  const { 'file.name': kept = name } = await policyFields(ctx, userId, conversationId, { 'file.name': name });
  const wrapped = await deps.keys.ring.encrypt(
    tx,
    keyBinding(ws, stored.versionId),
    stored.fileKey.toString('base64'),
  );
  const sealedName = await deps.keys.ring.encrypt(tx, nameBinding(ws, stored.versionId), kept);
  ctx.afterCommit(() => deps.files.scan({ workspaceId: ws, versionId: stored.versionId }));
  return {
    id: stored.versionId,
    uploaderId: userId,
    name: new Uint8Array(sealedName),
    wrappedKey: new Uint8Array(wrapped),
    keyVersion: keyVersionOf(wrapped),
    size: BigInt(stored.size),
    mime: stored.mime,
    storageKey: stored.storageKey,
  };
}

/**
 * Writes the rows of a stored upload (versionRow: its name, key and pending status; the scan
 * queued once this commits). The conversation is checked again: access may have gone meanwhile.
 */
export async function recordUpload(ctx: ServiceCtx, plan: UploadPlan, stored: Intake): Promise<FileOutput> {
  const userId = requirePerson(ctx.scope);
  const { tx, scope, deps } = ctx;
  const ws = scope.workspaceId;
  await writable(tx, scope, plan.conversationId);
  const version = await versionRow(ctx, plan.conversationId, plan.name, stored);
  const id = randomUUID();
  const row = await tx.file.create({
    data: {
      workspaceId: ws,
      id,
      conversationId: plan.conversationId,
      uploaderId: userId,
      versions: { create: { ...version, version: 1 } },
    },
    include: currentVersion,
  });
  await audit(
    ctx,
    'file.upload',
    { type: 'file', id },
    { conversationId: plan.conversationId, bytes: stored.size },
  );
  const view = await toFileView(tx, deps.keys, row);
  if (!view) throw new AppError('INTERNAL', 'The file was not stored');
  return view;
}
