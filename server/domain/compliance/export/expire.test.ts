import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callerFor } from '../../../../test/actors';
import { superQuery } from '../../../../test/db';
import { workspaceWith } from '../../../../test/factories';
import { testRuntime } from '../../../../test/runtime';
import { useTestServer } from '../../../../test/server';
import { removeExpiredFiles } from './expire';
import { downloadPath } from './service';
import { exportSettings } from './settings';

// Expired exports and access requests: their files leave the disk, their rows say so, and only
// theirs; a download of one still answers that it has expired.

const app = useTestServer();
const sweep = (asOf?: Date) => removeExpiredFiles(testRuntime(), exportSettings().dir, asOf);
const get = (path: string, token: string) =>
  fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

async function until<T>(f: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('not finished in time');
}

type Stored = { file: string | null; status: string; expires_at: Date };
const exportRow = async (id: string) =>
  (await superQuery<Stored>(`SELECT file, status, expires_at FROM export_job WHERE id = $1`, [id]))[0]!;
const accessRow = async (id: string) =>
  (await superQuery<Stored>(`SELECT file, status, expires_at FROM access_request WHERE id = $1`, [id]))[0]!;

describe('expired export files', () => {
  it('remove an expired export’s file and mark its row, audited as Enclave; keep the others', async () => {
    const ws = await workspaceWith({}, { name: `Expiry ${randomUUID().slice(0, 8)}` });
    const api = ws.api.compliance;
    const ask = async () => {
      const { id } = await api.createExport({
        workspaceId: ws.id,
        includeDeleted: false,
        formats: ['ndjson'],
      });
      return until(async () => {
        const e = (await api.exports({ workspaceId: ws.id })).find((x) => x.id === id);
        return e?.status === 'done' ? e : undefined;
      });
    };
    const old = await ask();
    const fresh = await ask();
    const oldFile = (await exportRow(old.id)).file!;
    const freshRow = await exportRow(fresh.id);
    expect(existsSync(oldFile) && existsSync(freshRow.file!)).toBe(true);
    await superQuery(`UPDATE export_job SET expires_at = now() - interval '1 hour' WHERE id = $1`, [old.id]);

    expect(await sweep()).toEqual({ exports: 1, accessRequests: 0 });
    expect(existsSync(oldFile)).toBe(false);
    expect(await exportRow(old.id)).toMatchObject({ file: null, status: 'done' });
    const listed = (await api.exports({ workspaceId: ws.id })).find((e) => e.id === old.id)!;
    expect(listed.downloadPath).toBeNull();
    expect(Date.parse(listed.expiresAt!)).toBeLessThan(Date.now());
    // The download keeps its answer: expired, not "not ready".
    const gone = await get(downloadPath(ws.id, old.id), ws.owner.token);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('expired');
    const audited = await superQuery<{ actor_type: string; target_id: string }>(
      `SELECT actor_type, target_id FROM audit_event WHERE workspace_id = $1 AND action = 'export.expire'`,
      [ws.id],
    );
    expect(audited).toEqual([{ actor_type: 'system', target_id: old.id }]);

    // The other is kept until its own expiry, to the millisecond, and downloads meanwhile.
    expect(existsSync(freshRow.file!)).toBe(true);
    expect((await get(fresh.downloadPath!, ws.owner.token)).status).toBe(200);
    const at = freshRow.expires_at.getTime();
    expect(await sweep(new Date(at - 1))).toEqual({ exports: 0, accessRequests: 0 });
    expect(existsSync(freshRow.file!)).toBe(true);
    expect(await sweep(new Date(at))).toEqual({ exports: 1, accessRequests: 0 });
    expect(existsSync(freshRow.file!)).toBe(false);
    expect(await sweep(new Date(at + 86_400_000))).toEqual({ exports: 0, accessRequests: 0 });
  });

  it('remove an expired access request’s file and mark its row; keep the others', async () => {
    const { member } = await workspaceWith(
      { member: 1 },
      { name: `Access expiry ${randomUUID().slice(0, 6)}` },
    );
    const [person] = member;
    const api = (await callerFor(person)).privacy;
    const ask = async () => {
      const { id } = await api.requestAccess();
      return until(async () => {
        const r = (await api.accessRequests()).find((x) => x.id === id);
        return r?.status === 'done' ? r : undefined;
      });
    };
    const old = await ask();
    const fresh = await ask();
    const oldFile = (await accessRow(old.id)).file!;
    const freshFile = (await accessRow(fresh.id)).file!;
    expect(existsSync(oldFile) && existsSync(freshFile)).toBe(true);
    await superQuery(`UPDATE access_request SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      old.id,
    ]);

    expect(await sweep()).toEqual({ exports: 0, accessRequests: 1 });
    expect(existsSync(oldFile)).toBe(false);
    expect(await accessRow(old.id)).toMatchObject({ file: null, status: 'done' });
    const listed = await api.accessRequests();
    expect(listed.find((r) => r.id === old.id)).toMatchObject({ status: 'done', downloadPath: null });
    const gone = await get(old.downloadPath!, person.token);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('expired');

    expect(existsSync(freshFile)).toBe(true);
    expect(await accessRow(fresh.id)).toMatchObject({ file: freshFile });
    expect((await get(fresh.downloadPath!, person.token)).status).toBe(200);
  });
});
