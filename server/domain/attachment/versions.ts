import type { z } from 'zod';
import { forbidden, notFound } from '../../lib/errors';
import { iso } from '../../lib/time';
import { logger } from '../../lib/logger';
import { audit } from '../audit/append';
import type { FileStatus } from '../../../shared/files';
import type { ServiceCtx } from '../scope';
import { visibleFile, type VisibleFile } from './access';
import { nameBinding } from './bindings';
import type { Intake, IntakeLimits } from './intake';
import { fetchableVersion } from './open';
import type { FileOutput, fileVersionsOutput } from './schemas';
import { fileChanged } from './touch';
import { limitsFor, versionRow } from './upload';

export interface VersionPlan extends IntakeLimits {
  fileId: string;
  name: string;
}

/**
 * Who may upload a new version: whoever sees the file (visibleFile) and may replace it (its
 * uploader, an admin, a share with `replace`), once it is sent, in a conversation not archived.
 */
async function replaceable(ctx: ServiceCtx, fileId: string): Promise<VisibleFile> {
  const f = await visibleFile(ctx, fileId);
  if (f.access.via === 'upload')
    throw forbidden('This file was not sent yet: remove it and attach the new one instead');
  if (!f.access.replace)
    throw forbidden('Only its uploader, an admin, or someone it was shared with to replace may do that');
  const c = await ctx.tx.conversation.findUnique({
    where: { workspaceId_id: { workspaceId: ctx.scope.workspaceId, id: f.conversationId } },
    select: { archivedAt: true },
  });
  if (c?.archivedAt) throw forbidden('This conversation is archived');
  return f;
}

/** Before any byte of a new version is read: may the caller replace the file, within what limits. */
export async function planVersion(
  ctx: ServiceCtx,
  input: { fileId: string; name: string; declaredBytes: number | null },
): Promise<VersionPlan> {
  await replaceable(ctx, input.fileId);
  return { fileId: input.fileId, ...(await limitsFor(ctx, input)) };
}

/**
 * Writes a stored new version (versionRow, like any upload: pending until its own scan) as the
 * file's next number under the file's row lock, and moves `current_version` to it. Its message
 * takes a new revision and `file:updated` goes out (fileChanged); the others keep downloading the
 * version before it until this one is clean (versionFor). Access is checked again.
 */
export async function recordVersion(ctx: ServiceCtx, plan: VersionPlan, stored: Intake): Promise<FileOutput> {
  const { tx, scope, deps } = ctx;
  const ws = scope.workspaceId;
  // Two replacements at once take numbers one after the other.
  await tx.$executeRaw`SELECT 1 FROM file WHERE workspace_id = ${ws}::uuid AND id = ${plan.fileId}::uuid FOR UPDATE`;
  const f = await replaceable(ctx, plan.fileId);
  const next = f.versions[0]!.version + 1;
  const row = await versionRow(ctx, f.conversationId, plan.name, stored);
  await tx.fileVersion.create({ data: { ...row, workspaceId: ws, fileId: f.id, version: next } });
  await tx.file.update({
    where: { workspaceId_id: { workspaceId: ws, id: f.id } },
    data: { currentVersion: next },
  });
  await audit(
    ctx,
    'file.version',
    { type: 'file', id: f.id },
    { conversationId: f.conversationId, version: next, bytes: stored.size },
  );
  const { event } = await fileChanged(tx, ws, deps.keys, f.id);
  if (!event || event.type !== 'file:updated') throw notFound('File');
  ctx.afterCommit(() => deps.events.publish(event));
  return event.file;
}

/** A file's versions, newest first, for whoever sees it; which of them the caller may download. */
export async function fileVersions(
  ctx: ServiceCtx,
  input: { fileId: string },
): Promise<z.infer<typeof fileVersionsOutput>> {
  const f = await visibleFile(ctx, input.fileId);
  const me = ctx.scope.userId ?? '';
  const versions = [];
  for (const v of f.versions) {
    let name = 'file';
    try {
      name = await ctx.deps.keys.ring.decrypt(ctx.tx, nameBinding(f.workspaceId, v.id), Buffer.from(v.name));
    } catch (err) {
      logger.error({ err, fileId: f.id, version: v.version }, 'file name failed to decrypt');
    }
    versions.push({
      version: v.version,
      current: v.version === f.versions[0]!.version,
      name,
      size: Number(v.size),
      mime: v.mime,
      uploaderId: v.uploaderId,
      status: v.status as FileStatus,
      createdAt: iso(v.createdAt),
      fetchable: f.access.download && fetchableVersion(v, me),
    });
  }
  return { versions };
}
