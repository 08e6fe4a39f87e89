import { createHash, createHmac } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import { Prisma } from '../../../db/generated/client';
import type { Tx } from '../../../db/client';
import type { WorkspaceId } from '../../../db/tenant';
import { logFailure } from '../../../lib/logger';
import type { Deps } from '../../deps';
import { namesIn } from '../names';
import { EXPORTED, type ExportedTable } from './tables';
import { blobOf, writeBlob, type ExportedBlob } from './files';
import { exportOptions, type ExportOptions } from './service';
import { folderOf, messageEml, messagesCsv, viewerHtml, type ExportedMessage } from './formats';

export interface ExportSettings {
  checkpointKey: string;
  /** Where finished exports are kept (DATA_DIR/exports). */
  dir: string;
  /** How long the download link lives. */
  ttlHours: number;
}

type ExportDeps = Pick<Deps, 'tenants' | 'keys' | 'events' | 'files'>;
type Row = Record<string, unknown>;
const PAGE = 1000;

/** A column as JSON: bytes as base64, big numbers as text, times as ISO. */
export const plain = (v: unknown): unknown =>
  v instanceof Date
    ? v.toISOString()
    : typeof v === 'bigint'
      ? v.toString()
      : v instanceof Uint8Array
        ? Buffer.from(v).toString('base64')
        : v;

/** The messages chosen: the date range (UTC days, both included), the conversations, deleted or not. */
function chosen(o: ExportOptions) {
  const to = o.to ? new Date(Date.parse(`${o.to}T00:00:00Z`) + 86_400_000) : null;
  return Prisma.sql`(${o.from ? Prisma.sql`m.created_at >= ${new Date(`${o.from}T00:00:00Z`)}` : Prisma.sql`true`}
    AND ${to ? Prisma.sql`m.created_at < ${to}` : Prisma.sql`true`}
    AND ${o.conversationIds ? Prisma.sql`m.conversation_id = ANY(${o.conversationIds}::uuid[])` : Prisma.sql`true`}
    AND ${o.includeDeleted ? Prisma.sql`true` : Prisma.sql`m.deleted_at IS NULL`})`;
}

/** One table's rows of the export, a page at a time, in ctid order (stable within one snapshot). */
async function pageOf(
  tx: Tx,
  ws: string,
  table: string,
  t: ExportedTable,
  o: ExportOptions,
  after: string | null,
  size: number,
) {
  const id = Prisma.raw(table === 'workspace' ? 't.id' : 't.workspace_id');
  const key = t.key ? Prisma.raw(`t.${t.key}`) : null;
  const scope =
    t.scope === 'messages' && key
      ? Prisma.sql`AND ${key} IN (SELECT m.id FROM message m WHERE m.workspace_id = ${ws}::uuid AND ${chosen(o)})`
      : t.scope === 'files' && key
        ? Prisma.sql`AND ${key} IN (SELECT f.id FROM file f WHERE f.workspace_id = ${ws}::uuid AND f.message_id IN
            (SELECT m.id FROM message m WHERE m.workspace_id = ${ws}::uuid AND ${chosen(o)}))`
        : t.scope === 'conversations' && key && o.conversationIds
          ? Prisma.sql`AND ${key} = ANY(${o.conversationIds}::uuid[])`
          : Prisma.empty;
  return tx.$queryRaw<(Row & { k: string })[]>`
    SELECT t.ctid::text AS k, to_jsonb(t) AS j, t.* FROM ${Prisma.raw(`"${table}"`)} t
    WHERE ${id} = ${ws}::uuid ${scope} ${after ? Prisma.sql`AND t.ctid::text > ${after}` : Prisma.empty}
    ORDER BY t.ctid::text LIMIT ${size}`;
}

/** For tests: smaller pages, and work done between two pages of a table (while the snapshot is held). */
export interface ExportTuning {
  page?: number;
  betweenPages?: (table: string) => Promise<void>;
}

/** Builds the export: files in a folder, their hashes, the signed manifest, then the ZIP. */
export async function runExport(
  deps: ExportDeps,
  workspaceId: string,
  exportId: string,
  s: ExportSettings,
  tune: ExportTuning = {},
) {
  const key = { workspaceId_id: { workspaceId, id: exportId } };
  const job = await deps.tenants.system(workspaceId, (tx) => tx.exportJob.findUnique({ where: key }));
  if (!job || job.status === 'done') return;
  const options = exportOptions.parse(job.options);
  const tell = async (data: Prisma.ExportJobUpdateInput) => {
    const row = await deps.tenants.system(workspaceId, (tx) => tx.exportJob.update({ where: key, data }));
    await deps.events.publish({
      type: 'export:progress',
      workspaceId,
      userId: row.requestedBy,
      exportId,
      status: row.status as 'queued' | 'running' | 'done' | 'failed',
      done: row.done,
      total: row.total,
    });
  };
  await mkdir(s.dir, { recursive: true });
  const work = await mkdtemp(path.join(s.dir, `.building-${exportId}-`));
  try {
    const tables = Object.keys(EXPORTED);
    await tell({ status: 'running', done: 0, total: tables.length + (options.formats.length > 1 ? 1 : 0) });
    const files: { path: string; bytes: number; sha256: string }[] = [];
    const put = async (name: string, content: string | Buffer) => {
      const full = path.join(work, name);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, content);
      const buf = typeof content === 'string' ? Buffer.from(content) : content;
      files.push({ path: name, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
    };
    const counts: Record<string, number> = {};
    const messages: ExportedMessage[] = [];
    const keyVersions = new Set<number>();
    const blobs: ExportedBlob[] = [];
    const size = tune.page ?? PAGE;
    // Every table, page and name in one snapshot: rows written meanwhile are in no file, so the
    // tables agree with each other and the manifest's audit head with the audit rows.
    const { workspace, names, head } = await deps.tenants.snapshot(workspaceId, async (tx, ws) => {
      let done = 0;
      for (const table of tables) {
        const t = EXPORTED[table]!;
        const lines: string[] = [];
        let after: string | null = null;
        for (;;) {
          const found = await pageOf(tx, ws, table, t, options, after, size);
          for (const r of found) {
            const row = await exportedRow(deps, tx, ws, t, r);
            lines.push(JSON.stringify(row));
            if (table === 'file_version') {
              const b = await blobOf(deps, tx, ws, r);
              if (b) blobs.push(b);
            }
            if (table === 'message') {
              messages.push(messageOf(row));
              keyVersions.add(Number(r.key_version));
            }
          }
          const last = found.at(-1)?.k ?? null;
          if (found.length < size || !last) break;
          after = last;
          await tune.betweenPages?.(table);
        }
        counts[table] = lines.length;
        if (options.formats.includes('ndjson'))
          await put(`ndjson/${table}.ndjson`, lines.join('\n') + (lines.length ? '\n' : ''));
        done += 1;
        await tell({ done });
      }
      messages.sort((a, b) => a.conversationId.localeCompare(b.conversationId) || a.seq - b.seq);
      return context(tx, ws, messages);
    });
    for (const b of blobs) files.push(await writeBlob(deps, work, b));
    if (options.formats.includes('csv')) await put('messages.csv', messagesCsv(messages, names));
    if (options.formats.includes('eml'))
      for (const m of messages)
        await put(
          `eml/${folderOf(names.conversation(m.conversationId), m.conversationId)}/${String(m.seq).padStart(6, '0')}.eml`,
          await messageEml(m, names, `${workspace.slug}.enclave.invalid`),
        );
    if (options.formats.includes('html'))
      await put('index.html', viewerHtml(workspace, job.createdAt.toISOString(), messages, names));
    const manifest = {
      format: 'enclave-export/1',
      workspace: { id: workspace.id, name: workspace.name, slug: workspace.slug },
      exportId,
      requestedBy: job.requestedBy,
      createdAt: new Date().toISOString(),
      options,
      counts,
      files,
      keyVersions: [...keyVersions].sort((a, b) => a - b),
      auditHead: head,
      excluded: 'tables left out, each with its reason: server/domain/compliance/export/tables.ts (EXCLUDED)',
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(path.join(work, 'manifest.json'), manifestText);
    const signature = createHmac('sha256', s.checkpointKey).update(manifestText).digest('hex');
    await writeFile(
      path.join(work, 'manifest.sig.json'),
      `${JSON.stringify({ algorithm: 'HMAC-SHA256', key: 'the audit checkpoint key', of: 'manifest.json', signature }, null, 2)}\n`,
    );
    const out = path.join(s.dir, workspaceId, `${exportId}.zip`);
    const zipped = await zip(work, ['manifest.json', 'manifest.sig.json', ...files.map((f) => f.path)], out);
    const finished = new Date();
    await tell({
      status: 'done',
      done: tables.length + (options.formats.length > 1 ? 1 : 0),
      file: out,
      bytes: BigInt(zipped.bytes),
      sha256: zipped.sha256,
      summary: { counts, files: files.length, auditHead: head, keyVersions: manifest.keyVersions },
      finishedAt: finished,
      expiresAt: new Date(finished.getTime() + s.ttlHours * 3_600_000),
    });
  } catch (err) {
    logFailure(err, 'export failed', { workspaceId, exportId });
    await tell({
      status: 'failed',
      error: 'The export could not be built; ask for it again',
      finishedAt: new Date(),
    }).catch((e: unknown) => logFailure(e, 'could not record a failed export', { workspaceId, exportId }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A row as exported: secrets and derived columns left out, encrypted text decrypted. */
export async function exportedRow(
  deps: Pick<Deps, 'keys'>,
  tx: Tx,
  ws: string,
  t: ExportedTable,
  r: Row,
): Promise<Row> {
  const source = r.j as Row;
  const row: Row = {};
  for (const [k, v] of Object.entries(source))
    if (!t.omit?.includes(k) && k !== t.decrypt?.column) row[k] = v;
  if (t.decrypt) {
    const blob = r[t.decrypt.column];
    let text: string | null = null;
    if (blob instanceof Uint8Array)
      try {
        text = await deps.keys.ring.decrypt(tx, t.decrypt.binding(ws, String(r.id)), Buffer.from(blob));
      } catch (err) {
        logFailure(err, 'an exported row did not decrypt', { workspaceId: ws, id: String(r.id) });
      }
    row[t.decrypt.as] = text;
  }
  for (const [k, v] of Object.entries(row)) row[k] = plain(v);
  return row;
}

export const messageOf = (row: Row): ExportedMessage => ({
  id: String(row.id),
  conversationId: String(row.conversation_id),
  seq: Number(row.seq),
  authorId: (row.author_id as string | null) ?? null,
  parentId: (row.parent_id as string | null) ?? null,
  createdAt: String(row.created_at),
  editedAt: (row.edited_at as string | null) ?? null,
  deletedAt: (row.deleted_at as string | null) ?? null,
  text: (row.text as string | null) ?? null,
});

/** The workspace, the names the readable formats show, and the audit chain's head now. */
async function context(tx: Tx, ws: WorkspaceId, messages: readonly ExportedMessage[]) {
  const workspace = await tx.workspace.findUniqueOrThrow({
    where: { id: ws },
    select: { id: true, name: true, slug: true },
  });
  const found = await namesIn(
    tx,
    ws,
    messages.flatMap((m) => (m.authorId ? [m.authorId] : [])),
    messages.map((m) => m.conversationId),
  );
  const last = await tx.auditEvent.findFirst({
    where: { workspaceId: ws },
    orderBy: { seq: 'desc' },
    select: { seq: true, hash: true },
  });
  return {
    workspace,
    names: { person: (id: string) => found.person(id).name, conversation: found.conversation },
    head: last ? { seq: last.seq.toString(), hash: last.hash } : null,
  };
}

export async function zip(dir: string, names: string[], out: string) {
  await mkdir(path.dirname(out), { recursive: true });
  const archive = new ZipArchive({ zlib: { level: 6 } });
  for (const name of names) archive.file(path.join(dir, name), { name });
  const written = pipeline(archive, createWriteStream(out));
  await archive.finalize();
  await written;
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(out)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}
