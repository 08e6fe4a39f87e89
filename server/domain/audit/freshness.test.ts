import { describe, expect, it } from 'vitest';
import { appSecrets } from '../../lib/app-secrets';
import { asOwner, auditedWorkspace, verifyWith } from '../../../test/audit';
import { signCheckpoint } from './chain';
import { duration } from './freshness';
import { testRuntime } from '../../../test/runtime';

// Entries after the newest checkpoint that reached the external copy are protected by the database
// alone, so verify reports the checkpoint's age and warns once it is older than two intervals
// (AUDIT_CHECKPOINT_INTERVAL_SECONDS, 60 here). The clock is set by old rows or by verify's `now`.

const MINUTE = 60_000;
const later = (ms: number) => new Date(Date.now() + ms);

/** Signs the current head as the job would, but dated `minutesAgo` in the past. */
async function oldCheckpoint(workspaceId: string, minutesAgo: number) {
  const head = await testRuntime().db.admin.auditEvent.findFirstOrThrow({
    where: { workspaceId },
    orderBy: { seq: 'desc' },
  });
  const sig = signCheckpoint(appSecrets().checkpointKey, workspaceId, head.seq, head.hash);
  await asOwner([
    [
      `INSERT INTO audit_checkpoint (workspace_id, seq, hash, signature, created_at)
       VALUES ($1, $2, $3, $4, now() - make_interval(mins => $5))`,
      [workspaceId, head.seq, head.hash, sig, minutesAgo],
    ],
  ]);
  return head.seq;
}

describe('audit verify: the newest checkpoint’s age', () => {
  it('reports the age of a fresh checkpoint and warns of nothing', async () => {
    const w = await auditedWorkspace(4);
    await w.checkpoint();
    const v = await w.verify();
    expect(v).toMatchObject({ ok: true, checkpoint: { seq: '4' }, warnings: [] });
    expect(v.checkpoint?.ageSeconds).toBeLessThan(60);
  });

  it('warns when the newest checkpoint is older than two intervals and nothing came after it', async () => {
    const w = await auditedWorkspace(4);
    await oldCheckpoint(w.ws.id, 10);
    await w.checkpoint(); // the head is signed already: only the copy is written
    const v = await w.verify();
    expect(v).toMatchObject({ ok: true, checkpoint: { seq: '4' }, copy: { agrees: true, newestSeq: '4' } });
    expect(v.checkpoint?.ageSeconds).toBeGreaterThanOrEqual(600);
    expect(v.warnings).toEqual([
      'The newest signed checkpoint (at 4) is 10 minutes old, older than two checkpoint intervals (60 seconds each), and nothing was logged after it. That is expected if the workspace has been quiet; if it has not, entries written after it were removed before they could be signed.',
    ]);
  });

  it('cannot see a tail cut before it was signed, and says so once the checkpoint is stale', async () => {
    // The residual window: entries after the newest checkpoint are in the database only.
    const w = await auditedWorkspace(4);
    await w.checkpoint();
    await w.grow(2);
    await asOwner([['DELETE FROM audit_event WHERE workspace_id = $1 AND seq > 4', [w.ws.id]]]);
    expect(await w.verify()).toMatchObject({ ok: true, checked: 4, warnings: [] });
    const stale = await verifyWith(w.ws.id, { now: later(5 * MINUTE) });
    expect(stale).toMatchObject({ ok: true, checked: 4 });
    expect(stale.warnings).toEqual([
      expect.stringMatching(/^The newest signed checkpoint \(at 4\) is 5 minutes old/),
    ]);
  });

  it('warns when entries after a stale checkpoint wait longer than two intervals to be signed', async () => {
    const w = await auditedWorkspace(4);
    await oldCheckpoint(w.ws.id, 30);
    await w.checkpoint();
    await w.grow(2);
    // Written just now: the next run signs them, so the old checkpoint alone is no cause for alarm.
    expect(await w.verify()).toMatchObject({ ok: true, checked: 6, warnings: [] });
    const v = await verifyWith(w.ws.id, { now: later(3 * MINUTE) });
    expect(v.warnings).toEqual([
      expect.stringMatching(
        /^The newest signed checkpoint \(at 4\) is 3[23] minutes old, and the 2 entries after it are not signed, though checkpoints are due every 60 seconds: the checkpoint job may not be running\./,
      ),
    ]);
  });

  it('warns when no checkpoint has been signed for a log older than two intervals', async () => {
    const w = await auditedWorkspace(2);
    expect(await w.verify()).toMatchObject({ ok: true, checkpoint: null, warnings: [] });
    const v = await verifyWith(w.ws.id, { now: later(2 * 3_600_000) });
    expect(v).toMatchObject({ ok: true, checkpoint: null });
    expect(v.warnings).toEqual([
      expect.stringMatching(
        /^No checkpoint has been signed for this log, though its first entry is 2 hours old/,
      ),
    ]);
  });

  it('words durations for people', () => {
    expect([0, 1, 59, 119, 120, 3599, 7199, 7200, 172_799, 172_800, 86_400 * 9].map(duration)).toEqual([
      '0 seconds',
      '1 second',
      '59 seconds',
      '119 seconds',
      '2 minutes',
      '59 minutes',
      '119 minutes',
      '2 hours',
      '47 hours',
      '2 days',
      '9 days',
    ]);
  });
});
