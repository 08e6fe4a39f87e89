import { createHash, createHmac } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Prisma } from '../../db/generated/client';
import { AppError, notFound } from '../../lib/errors';
import { logFailure } from '../../lib/logger';
import type { RequestMeta } from '../../lib/request-meta';
import { appendAudit } from '../audit/append';
import { exportedRow, messageOf, zip, type ExportSettings } from '../compliance/export/build';
import { viewerHtml, type ExportedMessage } from '../compliance/export/formats';
import { blobOf, writeBlob, type ExportedBlob } from '../compliance/export/files';
import { namesIn } from '../compliance/names';
import type { Deps } from '../deps';
import { PERSON_TABLES } from './tables';

type AccessDeps = Pick<Deps, 'tenants' | 'keys' | 'files'>;
const statuses = z.enum(['queued', 'running', 'done', 'failed']);
const summary = z
  .object({ workspaces: z.number(), counts: z.record(z.string(), z.number()) })
  .partial()
  .catch({});

export const accessDownloadPath = (id: string) => `/api/v1/privacy/requests/${id}/download`;

/** The person's requests, newest first; a finished one, while it lasts, with its download. */
export async function listAccessRequests(deps: Pick<Deps, 'tenants'>, userId: string) {
  const rows = await deps.tenants.global.accessRequest.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    take: 10,
  });
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    status: statuses.catch('failed').parse(r.status),
    done: r.done,
    total: r.total,
    bytes: r.bytes === null ? null : Number(r.bytes),
    workspaces: summary.parse(r.summary).workspaces ?? null,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    downloadPath:
      r.status === 'done' && r.expiresAt && r.expiresAt.getTime() > now ? accessDownloadPath(r.id) : null,
  }));
}

/**
 * A person asks for everything held about them. One at a time: another while one is being built
 * is a CONFLICT. Recorded in the audit log of every workspace they are in (its admins answer for
 * the data there). The job builds it once this returns.
 */
export async function requestAccess(
  deps: Pick<Deps, 'tenants' | 'exports'>,
  userId: string,
  meta: Partial<RequestMeta>,
) {
  const busy = await deps.tenants.global.accessRequest.findFirst({
    where: { userId, status: { in: ['queued', 'running'] } },
    select: { id: true },
  });
  if (busy)
    throw new AppError('CONFLICT', 'Your data is already being gathered; it appears here when it is ready');
  const row = await deps.tenants.global.accessRequest.create({ data: { userId } });
  const memberships = await deps.tenants.person(userId, (tx) =>
    tx.member.findMany({ where: { userId }, select: { workspaceId: true } }),
  );
  for (const m of memberships)
    await deps.tenants.personIn(m.workspaceId, userId, (tx, ws) =>
      appendAudit(tx, ws, {
        action: 'privacy.access',
        actor: { type: 'user', id: userId },
        target: { type: 'user', id: userId },
        data: { requestId: row.id },
        meta,
      }),
    );
  await deps.exports.runAccess({ requestId: row.id });
  const [view] = (await listAccessRequests(deps, userId)).filter((r) => r.id === row.id);
  return view!;
}

/** Builds the person's ZIP: their profile, and per workspace the rows about them. */
export async function runAccess(deps: AccessDeps, requestId: string, s: ExportSettings) {
  const g = deps.tenants.global;
  const req = await g.accessRequest.findUnique({ where: { id: requestId } });
  if (!req || req.status === 'done') return;
  const userId = req.userId;
  await mkdir(s.dir, { recursive: true });
  const work = await mkdtemp(path.join(s.dir, `.access-${requestId}-`));
  try {
    const memberships = await deps.tenants.person(userId, (tx) =>
      tx.member.findMany({ where: { userId }, select: { workspaceId: true } }),
    );
    await g.accessRequest.update({
      where: { id: requestId },
      data: { status: 'running', total: memberships.length + 1 },
    });
    const files: { path: string; bytes: number; sha256: string }[] = [];
    const put = async (name: string, content: string) => {
      const full = path.join(work, name);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, content);
      files.push({
        path: name,
        bytes: Buffer.byteLength(content),
        sha256: createHash('sha256').update(content).digest('hex'),
      });
    };
    const user = await g.user.findUniqueOrThrow({ where: { id: userId } });
    await put(
      'profile.json',
      `${JSON.stringify({ id: user.id, name: user.name, email: user.email, createdAt: user.createdAt.toISOString() }, null, 2)}\n`,
    );
    const counts: Record<string, number> = {};
    const mine: ExportedMessage[] = [];
    let done = 1;
    for (const { workspaceId } of memberships) {
      const part = await deps.tenants.system(workspaceId, async (tx, ws) => {
        const w = await tx.workspace.findUniqueOrThrow({
          where: { id: ws },
          select: { name: true, slug: true },
        });
        const tables: Record<string, string[]> = {};
        const messages: ExportedMessage[] = [];
        // The bytes of the versions they uploaded: keys unwrapped here, contents written after.
        const blobs: ExportedBlob[] = [];
        for (const [table, t, about] of PERSON_TABLES) {
          const rows = await tx.$queryRaw<Record<string, unknown>[]>`
            SELECT to_jsonb(t) AS j, t.* FROM ${Prisma.raw(`"${table}"`)} t
            WHERE t.workspace_id = ${ws}::uuid AND ${about(ws, userId)}`;
          const lines: string[] = [];
          for (const r of rows) {
            const row = await exportedRow(deps, tx, ws, t, r);
            lines.push(JSON.stringify(row));
            if (table === 'message') messages.push(messageOf(row));
            if (table === 'file_version') {
              const b = await blobOf(deps, tx, ws, r);
              if (b) blobs.push(b);
            }
          }
          tables[table] = lines;
        }
        const names = await namesIn(
          tx,
          ws,
          messages.flatMap((m) => (m.authorId ? [m.authorId] : [])),
          messages.map((m) => m.conversationId),
        );
        return { w, tables, messages, names, blobs };
      });
      const folder = `workspaces/${part.w.slug}`;
      for (const [table, lines] of Object.entries(part.tables)) {
        counts[table] = (counts[table] ?? 0) + lines.length;
        await put(`${folder}/${table}.ndjson`, lines.join('\n') + (lines.length ? '\n' : ''));
      }
      await put(
        `${folder}/index.html`,
        viewerHtml({ name: `${part.w.name}: ${user.name}` }, new Date().toISOString(), part.messages, {
          person: (id) => part.names.person(id).name,
          conversation: part.names.conversation,
        }),
      );
      for (const b of part.blobs)
        files.push(await writeBlob(deps, work, { ...b, path: `${folder}/${b.path}` }));
      mine.push(...part.messages);
      done += 1;
      await g.accessRequest.update({ where: { id: requestId }, data: { done } });
    }
    const manifest = {
      format: 'enclave-access/1',
      person: { id: user.id, name: user.name, email: user.email },
      requestId,
      createdAt: new Date().toISOString(),
      workspaces: memberships.length,
      counts,
      messages: mine.length,
      files,
      left: 'other people’s messages, workspace secrets and key material (server/domain/privacy/tables.ts)',
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(path.join(work, 'manifest.json'), manifestText);
    const signature = createHmac('sha256', s.checkpointKey).update(manifestText).digest('hex');
    await writeFile(
      path.join(work, 'manifest.sig.json'),
      `${JSON.stringify({ algorithm: 'HMAC-SHA256', of: 'manifest.json', signature }, null, 2)}\n`,
    );
    const out = path.join(s.dir, 'people', `${requestId}.zip`);
    const zipped = await zip(work, ['manifest.json', 'manifest.sig.json', ...files.map((f) => f.path)], out);
    const finished = new Date();
    await g.accessRequest.update({
      where: { id: requestId },
      data: {
        status: 'done',
        file: out,
        bytes: BigInt(zipped.bytes),
        sha256: zipped.sha256,
        summary: { workspaces: memberships.length, counts },
        finishedAt: finished,
        expiresAt: new Date(finished.getTime() + s.ttlHours * 3_600_000),
      },
    });
  } catch (err) {
    logFailure(err, 'access request failed', { requestId });
    await g.accessRequest
      .update({
        where: { id: requestId },
        data: {
          status: 'failed',
          error: 'Your data could not be gathered; ask again',
          finishedAt: new Date(),
        },
      })
      .catch((e: unknown) => logFailure(e, 'could not record a failed access request', { requestId }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The file of a finished request, for its person only, until it expires; counted. */
export async function accessFile(deps: Pick<Deps, 'tenants'>, userId: string, requestId: string) {
  const r = await deps.tenants.global.accessRequest.findUnique({ where: { id: requestId } });
  if (!r) throw notFound('Request');
  // Someone else's request does not exist for them.
  if (r.userId !== userId) throw notFound('Request');
  if (r.status !== 'done') throw new AppError('CONFLICT', 'Your data is not ready yet');
  // No file: the sweep removed it once it expired (removeExpiredFiles).
  if (!r.file || !r.expiresAt || r.expiresAt.getTime() <= Date.now())
    throw new AppError('GONE', 'This download has expired; ask again');
  await deps.tenants.global.accessRequest.update({
    where: { id: r.id },
    data: { downloads: { increment: 1 } },
  });
  return { file: r.file, bytes: r.bytes, createdAt: r.createdAt };
}
