import { z } from 'zod';
import { EXPORT_FORMATS, EXPORT_STATUSES } from '../../../../shared/retention';
import type { Tx } from '../../../db/client';
import { AppError, forbidden, notFound } from '../../../lib/errors';
import { audit } from '../../audit/append';
import { requirePerson } from '../../message/access';
import type { ServiceCtx } from '../../scope';
import { namesIn } from '../names';
import type { createExportInput } from '../schemas';

/** The options as stored (export_job.options). */
export const exportOptions = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  conversationIds: z.array(z.string()).nullable(),
  includeDeleted: z.boolean(),
  formats: z.array(z.enum(EXPORT_FORMATS)),
});
export type ExportOptions = z.infer<typeof exportOptions>;

const counts = z
  .object({ counts: z.record(z.string(), z.number()) })
  .partial()
  .catch({});
const status = z.enum(EXPORT_STATUSES);
const SHOWN = 20;

export const downloadPath = (workspaceId: string, exportId: string) =>
  `/api/v1/workspaces/${workspaceId}/compliance/exports/${exportId}/download`;

type Row = Awaited<ReturnType<Tx['exportJob']['findMany']>>[number];

async function views(ctx: ServiceCtx, rows: Row[]) {
  const names = await namesIn(
    ctx.tx,
    ctx.scope.workspaceId,
    rows.map((r) => r.requestedBy),
    [],
  );
  const now = Date.now();
  return rows.map((r) => {
    const mine = r.requestedBy === ctx.scope.userId;
    const live =
      r.status === 'done' && r.file !== null && r.expiresAt !== null && r.expiresAt.getTime() > now;
    return {
      id: r.id,
      status: status.catch('failed').parse(r.status),
      requestedBy: names.person(r.requestedBy),
      options: exportOptions.parse(r.options),
      done: r.done,
      total: r.total,
      bytes: r.bytes === null ? null : Number(r.bytes),
      sha256: r.sha256,
      counts: counts.parse(r.summary).counts ?? null,
      error: r.error,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      expiresAt: r.expiresAt?.toISOString() ?? null,
      downloadPath: mine && live ? downloadPath(r.workspaceId, r.id) : null,
    };
  });
}

/** The workspace's newest exports, with their progress; the requester's finished ones downloadable. */
export async function listExports(ctx: ServiceCtx) {
  const rows = await ctx.tx.exportJob.findMany({
    where: { workspaceId: ctx.scope.workspaceId },
    orderBy: { createdAt: 'desc' },
    take: SHOWN,
  });
  return views(ctx, rows);
}

/** Asks for an export (audited); the job builds it once this commits. */
export async function createExport(ctx: ServiceCtx, input: z.infer<typeof createExportInput>) {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  if (input.conversationIds) {
    const found = await tx.conversation.count({
      where: { workspaceId: ws, id: { in: input.conversationIds } },
    });
    if (found !== new Set(input.conversationIds).size) throw notFound('Conversation');
  }
  const options: ExportOptions = {
    from: input.from ?? null,
    to: input.to ?? null,
    conversationIds: input.conversationIds ?? null,
    includeDeleted: input.includeDeleted,
    formats: input.formats,
  };
  const row = await tx.exportJob.create({ data: { workspaceId: ws, requestedBy: me, options } });
  await audit(
    ctx,
    'export.create',
    { type: 'export', id: row.id },
    {
      formats: options.formats,
      from: options.from,
      to: options.to,
      conversations: options.conversationIds?.length ?? null,
      includeDeleted: options.includeDeleted,
    },
  );
  ctx.afterCommit(() => ctx.deps.exports.run({ workspaceId: ws, exportId: row.id }));
  const [view] = await views(ctx, [row]);
  return view!;
}

/**
 * Who may download an export: the admin who asked for it, once it is done and until it expires.
 * Counts and audits the download; returns where the file is.
 */
export async function authorizeDownload(ctx: ServiceCtx, exportId: string) {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  const row = await tx.exportJob.findFirst({ where: { workspaceId: ws, id: exportId } });
  if (!row) throw notFound('Export');
  if (row.requestedBy !== me) throw forbidden('Only the admin who asked for this export can download it');
  if (row.status !== 'done') throw new AppError('CONFLICT', 'This export is not ready yet');
  // No file: the sweep removed it once it expired (removeExpiredFiles).
  if (!row.file || !row.expiresAt || row.expiresAt.getTime() <= Date.now())
    throw new AppError('GONE', 'This export has expired; ask for a new one');
  await tx.exportJob.update({
    where: { workspaceId_id: { workspaceId: ws, id: row.id } },
    data: { downloads: { increment: 1 } },
  });
  await audit(ctx, 'export.download', { type: 'export', id: row.id }, { bytes: Number(row.bytes ?? 0) });
  return { file: row.file, bytes: row.bytes, createdAt: row.createdAt };
}
