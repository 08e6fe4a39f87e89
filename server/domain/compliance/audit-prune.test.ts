import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appSecrets } from '../../lib/app-secrets';
import { asSuperuser, superQuery } from '../../../test/db';
import { workspaceWith } from '../../../test/factories';
import { testRuntime } from '../../../test/runtime';
import { refusedWith } from '../../../test/widget';
import { pruneAudit } from './audit-prune';

// Audit retention: entries past the workspace's audit days go only behind a signed "pruned before"
// record, and verification still passes from there; anything else stays refused and is found.

const DAY = 86_400_000;
const key = () => appSecrets().checkpointKey;

async function setUp() {
  const ws = await workspaceWith({ member: 2 }, { name: `Audit ${randomUUID().slice(0, 8)}` });
  // A few entries of the owner's.
  for (const m of ws.member)
    await ws.api.member.changeRole({ workspaceId: ws.id, userId: m.userId, role: 'guest' });
  const entries = () =>
    superQuery<{ seq: string; action: string; created_at: Date }>(
      'SELECT seq::text, action, created_at FROM audit_event WHERE workspace_id = $1 ORDER BY seq',
      [ws.id],
    );
  const verify = () => ws.api.audit.verify({ workspaceId: ws.id });
  return { ws, entries, verify };
}

describe('audit retention', () => {
  it('prunes exactly the entries past their days behind a signed record, and the log still verifies', async () => {
    const { ws, entries, verify } = await setUp();
    await ws.api.compliance.setAuditRetention({ workspaceId: ws.id, days: 400 });
    const before = await entries();
    expect(before.length).toBeGreaterThanOrEqual(4);
    // As of 400 days after the third entry: it is exactly on the boundary and stays.
    const third = before[2]!;
    const asOf = new Date(third.created_at.getTime() + 400 * DAY);
    const pruned = await pruneAudit(testRuntime(), ws.id, key(), asOf);
    expect(pruned).toMatchObject({ beforeSeq: BigInt(third.seq), removed: 2 });
    const after = await entries();
    expect(after.map((e) => e.seq)).toEqual([
      ...before.slice(2).map((e) => e.seq),
      String(BigInt(before.at(-1)!.seq) + 1n),
    ]);
    expect(after.at(-1)?.action).toBe('audit.prune');
    expect(await verify()).toMatchObject({ ok: true, brokenAt: null, prunedBefore: third.seq });
    // Nothing more is due at the same moment; the page shows where pruning reached.
    expect(await pruneAudit(testRuntime(), ws.id, key(), asOf)).toBeNull();
    expect((await ws.api.compliance.retention({ workspaceId: ws.id })).audit).toMatchObject({
      days: 400,
      isDefault: false,
      prunedBefore: { seq: third.seq, removed: 2 },
    });
  });

  it('keeps seven years by default and nothing under a legal hold on the workspace', async () => {
    const { ws, entries } = await setUp();
    const count = (await entries()).length;
    const inSixYears = new Date(Date.now() + 6 * 365 * DAY);
    expect(await pruneAudit(testRuntime(), ws.id, key(), inSixYears)).toBeNull();
    await ws.api.compliance.placeHold({ workspaceId: ws.id, scope: 'workspace', reason: 'Investigation' });
    const inTenYears = new Date(Date.now() + 10 * 365 * DAY);
    expect(await pruneAudit(testRuntime(), ws.id, key(), inTenYears)).toBeNull();
    expect((await entries()).length).toBe(count + 1); // the hold's own entry
  });

  it('refuses every other deletion, and verification finds a forged or missing record', async () => {
    const { ws, entries, verify } = await setUp();
    const all = await entries();
    // The runtime role may delete only below a pruning record: there is none.
    await expect(
      testRuntime().tenants.system(
        ws.id,
        (tx) => tx.$executeRaw`DELETE FROM audit_event WHERE workspace_id = ${ws.id}::uuid`,
      ),
    ).rejects.toThrow(/append-only/);
    // Someone with the database's superuser cuts the first entries without a record: found.
    await asSuperuser(async (c) => {
      await c.query("SET session_replication_role = 'replica'");
      await c.query('DELETE FROM audit_event WHERE workspace_id = $1 AND seq < 3', [ws.id]);
      await c.query("SET session_replication_role = 'origin'");
    });
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '1', reason: 'entry missing' });
    // And covers it with a record they could not sign: found too.
    await superQuery(
      `INSERT INTO audit_prune (workspace_id, before_seq, prev_hash, cutoff, removed, signature)
       VALUES ($1, 3, $2, now(), 2, $3)`,
      [ws.id, 'f'.repeat(64), 'ab'.repeat(32)],
    );
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: '3',
      reason: "the pruning record's signature is invalid",
    });
    expect(all.length).toBeGreaterThan(2);
  });

  it('is set by the owner, at least a year, and back to the default with null', async () => {
    const { ws } = await setUp();
    await refusedWith(
      ws.api.compliance.setAuditRetention({ workspaceId: ws.id, days: 30 }),
      'BAD_REQUEST',
      /365/,
    );
    expect(
      (await ws.api.compliance.setAuditRetention({ workspaceId: ws.id, days: 3650 })).audit,
    ).toMatchObject({
      days: 3650,
      isDefault: false,
    });
    expect(
      (await ws.api.compliance.setAuditRetention({ workspaceId: ws.id, days: null })).audit,
    ).toMatchObject({
      days: 2557,
      isDefault: true,
    });
  });
});
