import { createHash, createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appSecrets } from '../../../lib/app-secrets';
import { superQuery } from '../../../../test/db';
import { message, workspaceWith } from '../../../../test/factories';
import { useTestServer } from '../../../../test/server';
import { unzip } from '../../../../test/zip';
import { testRuntime } from '../../../../test/runtime';
import { connect, nextEvent } from '../../../../test/sockets';
import { runExport } from './build';
import { exportSettings } from './settings';
import { EXCLUDED, EXPORTED } from './tables';

// Workspace exports end to end: the job builds the ZIP, the requester downloads it over HTTP, and
// the test opens it: every table is in it or excluded for a reason, every hash in the signed
// manifest matches, and nothing of another workspace is there.

const app = useTestServer();

const download = (path: string, token: string) =>
  fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

async function setUp() {
  const ws = await workspaceWith({ admin: 1, member: 1 }, { name: `Export ${randomUUID().slice(0, 8)}` });
  const other = await workspaceWith({}, { name: `Other ${randomUUID().slice(0, 8)}` });
  await message(other, other.general, { body: 'OTHER-WORKSPACE-CANARY' });
  const kept = await message(ws, ws.general, { body: 'kept in the export' });
  await ws.api.message.edit({ workspaceId: ws.id, messageId: kept.id, body: 'kept in the export, edited' });
  await ws.api.reaction.toggle({ workspaceId: ws.id, messageId: kept.id, emoji: '👍' });
  await message(ws, ws.general, { body: 'a reply <thread>', parentId: kept.id });
  const gone = await message(ws, ws.general, { body: 'deleted before the export' });
  await ws.api.message.delete({ workspaceId: ws.id, messageId: gone.id });
  return { ws, other, kept };
}

async function finished(ws: Awaited<ReturnType<typeof setUp>>['ws'], id: string) {
  for (let i = 0; i < 200; i++) {
    const found = (await ws.api.compliance.exports({ workspaceId: ws.id })).find((e) => e.id === id);
    if (found && (found.status === 'done' || found.status === 'failed')) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the export did not finish');
}

describe('workspace exports', () => {
  it('export or exclude, with a reason, every tenant table of the database', async () => {
    const rows = await superQuery<{ t: string }>(`
      SELECT DISTINCT c.relname::text AS t FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND (a.attnum IS NOT NULL OR c.relname = 'workspace')`);
    const tables = rows.map((r) => r.t).sort();
    expect([...Object.keys(EXPORTED), ...Object.keys(EXCLUDED)].sort()).toEqual(tables);
    for (const reason of Object.values(EXCLUDED)) expect(reason.length).toBeGreaterThan(20);
  });

  it('build a signed ZIP of the workspace alone, told live, downloadable by the requester only', async () => {
    const { ws, other, kept } = await setUp();
    const sock = await connect(app.url, { token: ws.owner.token });
    const done = nextEvent(sock, 'export:progress', 10_000, (p) => p.status === 'done');
    const asked = await ws.api.compliance.createExport({
      workspaceId: ws.id,
      includeDeleted: false,
      formats: ['ndjson', 'csv', 'eml', 'html'],
    });
    expect(asked).toMatchObject({ status: 'queued', downloadPath: null });
    expect((await done).payload).toMatchObject({ workspaceId: ws.id, exportId: asked.id });
    const job = await finished(ws, asked.id);
    expect(job).toMatchObject({ status: 'done', error: null });
    expect(job.counts?.message).toBe(2); // the deleted one is left out
    expect(job.downloadPath).toMatch(new RegExp(`/compliance/exports/${asked.id}/download$`));

    const res = await download(job.downloadPath!, ws.owner.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="enclave-export-.*\.zip"$/);
    const zipped = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(zipped).digest('hex')).toBe(job.sha256);
    const files = await unzip(zipped);

    // The manifest is signed with the checkpoint key, and each file's hash is what it says.
    const manifestText = files.get('manifest.json')!.toString();
    const sig = JSON.parse(files.get('manifest.sig.json')!.toString()) as { signature: string };
    expect(sig.signature).toBe(
      createHmac('sha256', appSecrets().checkpointKey).update(manifestText).digest('hex'),
    );
    const manifest = JSON.parse(manifestText) as {
      files: { path: string; sha256: string; bytes: number }[];
      counts: Record<string, number>;
      auditHead: { seq: string } | null;
      keyVersions: number[];
    };
    expect(manifest.files.length).toBe(files.size - 2);
    for (const f of manifest.files) {
      const body = files.get(f.path);
      expect(body, f.path).toBeDefined();
      expect(createHash('sha256').update(body!).digest('hex'), f.path).toBe(f.sha256);
    }
    expect(Object.keys(manifest.counts).sort()).toEqual(Object.keys(EXPORTED).sort());
    for (const t of Object.keys(EXPORTED)) expect(files.has(`ndjson/${t}.ndjson`), t).toBe(true);
    expect(manifest.keyVersions).toEqual([1]);
    expect(manifest.auditHead?.seq).toMatch(/^\d+$/);

    // Text decrypted, ciphertext and its derivatives left out, the other workspace nowhere.
    const messages = files
      .get('ndjson/message.ndjson')!
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(messages.map((m) => m.text).sort()).toEqual(['a reply <thread>', 'kept in the export, edited']);
    for (const m of messages)
      expect(Object.keys(m)).not.toEqual(expect.arrayContaining(['body', 'search_tokens']));
    for (const [name, body] of files) {
      expect(body.toString().includes('OTHER-WORKSPACE-CANARY'), name).toBe(false);
      expect(body.toString().includes(other.id), name).toBe(false);
    }
    expect(files.get('messages.csv')!.toString()).toContain('kept in the export, edited');
    const eml = [...files.keys()].filter((n) => n.startsWith('eml/'));
    expect(eml).toHaveLength(2);
    const reply = [...files.entries()].find(
      ([n, b]) => n.startsWith('eml/') && b.toString().includes('a reply'),
    );
    expect(reply?.[1].toString()).toMatch(new RegExp(`In-Reply-To:\\s+<${kept.id}@`));
    // The viewer escapes what people wrote.
    expect(files.get('index.html')!.toString()).toContain('a reply &lt;thread&gt;');

    // Only the requester; not another admin, a member, another workspace or nobody; not after expiry.
    const path = job.downloadPath!;
    expect((await download(path, ws.admin[0].token)).status).toBe(403);
    expect((await download(path, ws.member[0].token)).status).toBe(403);
    expect((await download(path, other.owner.token)).status).toBe(404);
    expect((await fetch(`${app.url}${path}`)).status).toBe(401);
    expect((await download(path.replace(asked.id, randomUUID()), ws.owner.token)).status).toBe(404);
    await superQuery(`UPDATE export_job SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      asked.id,
    ]);
    expect((await download(path, ws.owner.token)).status).toBe(410);
    const actions = await superQuery<{ action: string }>(
      `SELECT action FROM audit_event WHERE workspace_id = $1 AND action LIKE 'export.%' ORDER BY seq`,
      [ws.id],
    );
    expect(actions.map((a) => a.action)).toEqual(['export.create', 'export.download']);
    sock.disconnect();
  });

  it('read every table in one snapshot: rows written while it reads are in no file', async () => {
    const { ws } = await setUp();
    const asked = await ws.api.compliance.createExport({
      workspaceId: ws.id,
      includeDeleted: false,
      formats: ['ndjson', 'csv'],
    });
    await finished(ws, asked.id);
    // Built again, a row per page, writing between pages (the first is the workspace table's).
    await superQuery(`UPDATE export_job SET status = 'queued' WHERE id = $1`, [asked.id]);
    let writes = 0;
    await runExport(testRuntime(), ws.id, asked.id, exportSettings(), {
      page: 1,
      betweenPages: async () => {
        if (writes++ > 0) return;
        await message(ws, ws.general, { body: 'WRITTEN-DURING-THE-EXPORT' });
        await ws.api.member.invite({ workspaceId: ws.id, role: 'member' });
      },
    });
    expect(writes).toBeGreaterThan(1);
    const stored = await superQuery<{ n: string }>(
      `SELECT count(*) AS n FROM message WHERE workspace_id = $1 AND deleted_at IS NULL`,
      [ws.id],
    );
    expect(stored[0]!.n).toBe('3');
    const job = await finished(ws, asked.id);
    expect(job.status).toBe('done');
    const files = await unzip(
      Buffer.from(await (await download(job.downloadPath!, ws.owner.token)).arrayBuffer()),
    );
    const all = [...files.values()].map((b) => b.toString()).join('\n');
    expect(all).not.toContain('WRITTEN-DURING-THE-EXPORT');
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as {
      counts: Record<string, number>;
      auditHead: { seq: string } | null;
    };
    const lines = (t: string) =>
      files
        .get(`ndjson/${t}.ndjson`)!
        .toString()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const t of Object.keys(EXPORTED)) expect(lines(t).length, t).toBe(manifest.counts[t]);
    const [invited] = await superQuery<{ n: string }>(
      `SELECT count(*) AS n FROM invitation WHERE workspace_id = $1`,
      [ws.id],
    );
    expect(manifest.counts).toMatchObject({ message: 2, invitation: Number(invited!.n) - 1 });
    expect(job.counts).toEqual(manifest.counts);
    // The CSV has a line per message after its header.
    expect(files.get('messages.csv')!.toString().trim().split(/\r?\n/).length - 1).toBe(
      manifest.counts.message,
    );
    // The manifest's audit head is the newest audit row exported, not the invitation's made since.
    const seqs = lines('audit_event').map((r) => Number(r.seq));
    expect(Number(manifest.auditHead?.seq)).toBe(Math.max(...seqs));
    const [newest] = await superQuery<{ seq: string }>(
      `SELECT max(seq)::text AS seq FROM audit_event WHERE workspace_id = $1`,
      [ws.id],
    );
    expect(Number(newest!.seq)).toBeGreaterThan(Number(manifest.auditHead?.seq));
  });

  it('open snapshots read-only, REPEATABLE READ, as the runtime role with the workspace set', async () => {
    const { ws } = await setUp();
    const [seen] = await testRuntime().tenants.snapshot(
      ws.id,
      (tx) => tx.$queryRaw<{ iso: string; ro: string; ws: string; who: string }[]>`
        SELECT current_setting('transaction_isolation') AS iso, current_setting('transaction_read_only') AS ro,
               current_setting('app.workspace_id') AS ws, current_user::text AS who`,
    );
    expect(seen).toEqual({ iso: 'repeatable read', ro: 'on', ws: ws.id, who: 'enclave_app' });
    await expect(
      testRuntime().tenants.snapshot(ws.id, (tx) => tx.$executeRaw`UPDATE member SET role = role`),
    ).rejects.toThrow(/read-only/);
  });

  it('take only the chosen days and conversations, and deleted messages when asked', async () => {
    const { ws } = await setUp();
    const old = await message(ws, ws.general, { body: 'from last year' });
    await superQuery(`UPDATE message SET created_at = '2025-03-01T10:00:00Z' WHERE id = $1`, [old.id]);
    const asked = await ws.api.compliance.createExport({
      workspaceId: ws.id,
      from: '2025-03-01',
      to: '2025-03-01',
      conversationIds: [ws.general.id],
      includeDeleted: true,
      formats: ['csv'],
    });
    const job = await finished(ws, asked.id);
    expect(job.counts).toMatchObject({ message: 1, message_edit: 0 });
    const all = await ws.api.compliance.createExport({
      workspaceId: ws.id,
      includeDeleted: true,
      formats: ['ndjson'],
    });
    expect((await finished(ws, all.id)).counts?.message).toBe(4);
  });

  it('refuse bad options with a clear error and start nothing', async () => {
    const { ws, other } = await setUp();
    const api = ws.api.compliance;
    const bad = [
      { formats: [] },
      { formats: ['pdf'] },
      { formats: ['csv'], from: '2026-02-30' },
      { formats: ['csv'], from: '2026-03-02', to: '2026-03-01' },
    ];
    for (const input of bad)
      await expect(
        api.createExport({ workspaceId: ws.id, includeDeleted: false, ...(input as { formats: ['csv'] }) }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      api.createExport({
        workspaceId: ws.id,
        includeDeleted: false,
        formats: ['csv'],
        conversationIds: [other.general.id],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await api.exports({ workspaceId: ws.id })).toEqual([]);
  });
});
