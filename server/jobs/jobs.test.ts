import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../test/db';
import { workspaceWith } from '../../test/factories';
import { useTestServer } from '../../test/server';
import { testRuntime } from '../../test/runtime';

useTestServer({ jobs: true, env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1', EXPORT_SWEEP_SECONDS: '1' } });

async function eventually<T>(f: () => Promise<T | null>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('scheduled jobs (pg-boss)', () => {
  it('signs each workspace chain head on schedule, and again when the chain grows', async () => {
    const ws = await workspaceWith({}, { name: 'Checkpointed', owner: 'Checkpointed' });
    const { api } = ws;
    const head = async () =>
      (
        await testRuntime().db.admin.auditEvent.findFirst({
          where: { workspaceId: ws.id },
          orderBy: { seq: 'desc' },
        })
      )?.seq ?? 0n;
    const checkpointAt = (seq: bigint) => () =>
      testRuntime().db.admin.auditCheckpoint.findUnique({
        where: { workspaceId_seq: { workspaceId: ws.id, seq } },
      });

    const first = await eventually(checkpointAt(await head()));
    expect(first.signature).toMatch(/^[0-9a-f]{64}$/);

    await api.member.invite({ workspaceId: ws.id, role: 'member' });
    const grown = await head();
    expect(grown).toBeGreaterThan(first.seq);
    await eventually(checkpointAt(grown));
    // The health report reads the queue this process runs, and the fresh checkpoint.
    expect(await api.admin.health({ workspaceId: ws.id })).toMatchObject({
      jobs: { running: true, queued: expect.any(Number) as number },
      audit: { headSeq: grown.toString(), checkpointAgeSeconds: expect.any(Number) as number },
    });
    // And the chain still verifies against its checkpoints.
    expect(await api.audit.verify({ workspaceId: ws.id })).toMatchObject({
      ok: true,
      checkpoint: { seq: grown.toString() },
    });
  });

  it('removes an expired export’s file on schedule', async () => {
    const ws = await workspaceWith({}, { name: 'Swept exports' });
    const { id } = await ws.api.compliance.createExport({
      workspaceId: ws.id,
      includeDeleted: false,
      formats: ['csv'],
    });
    const row = async () =>
      (
        await superQuery<{ file: string | null; status: string }>(
          `SELECT file, status FROM export_job WHERE id = $1`,
          [id],
        )
      )[0];
    const built = await eventually(async () => {
      const r = await row();
      return r?.status === 'done' ? r : null;
    });
    expect(existsSync(built.file!)).toBe(true);
    await superQuery(`UPDATE export_job SET expires_at = now() WHERE id = $1`, [id]);
    await eventually(async () => ((await row())?.file === null ? true : null));
    expect(existsSync(built.file!)).toBe(false);
  });
});
