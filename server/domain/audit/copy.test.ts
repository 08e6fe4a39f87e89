import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { env } from '../../env';
import { appSecrets } from '../../lib/app-secrets';
import { asOwner, auditedWorkspace, verifyWith } from '../../../test/audit';
import { signCheckpoint } from './chain';
import { toLine } from './copy';
import { fileCopy } from './copy-file';
import { writeCheckpoints } from './service';
import { testRuntime } from '../../../test/runtime';

// The signed checkpoints are also written outside the database, so that someone with the table
// owner's rights (who can switch the append-only triggers off) cannot cut the newest checkpoints
// and the entries they sign without verify noticing. Attacks run as enclave_owner, not superuser.

const copyFile = (workspaceId: string) => path.join(env().AUDIT_COPY_DIR, `${workspaceId}.ndjson`);
const copyLines = (workspaceId: string) =>
  readFileSync(copyFile(workspaceId), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, string>);

describe('the external copy of the audit checkpoints (default: files under DATA_DIR)', () => {
  it('writes each checkpoint once as a line of an append-only 0600 file, and an intact log agrees with it', async () => {
    const w = await auditedWorkspace(6);
    await w.checkpoint();
    await w.grow(3);
    await w.checkpoint();
    await w.checkpoint(); // nothing new: nothing appended
    const lines = copyLines(w.ws.id);
    const signed = await testRuntime().db.admin.auditCheckpoint.findMany({
      where: { workspaceId: w.ws.id },
      orderBy: { seq: 'asc' },
    });
    expect(lines).toEqual(
      signed.map((c) => ({
        workspaceId: w.ws.id,
        seq: c.seq.toString(),
        hash: c.hash,
        signature: c.signature,
        createdAt: c.createdAt.toISOString(),
      })),
    );
    expect(lines.map((l) => l.seq)).toEqual(['6', '9']);
    expect(statSync(copyFile(w.ws.id)).mode & 0o777).toBe(0o600);
    expect(statSync(env().AUDIT_COPY_DIR).mode & 0o777).toBe(0o700);
    expect(await w.verify()).toMatchObject({
      ok: true,
      checked: 9,
      checkpoint: { seq: '9' },
      copy: { kind: 'file', consulted: true, agrees: true, checkpoints: 2, newestSeq: '9' },
      warnings: [],
    });
  });

  it('finds the entries after the newest checkpoint cut by the owner, once a newer checkpoint is in the copy', async () => {
    const w = await auditedWorkspace(6);
    await w.checkpoint(); // at 6
    await w.grow(3);
    await w.checkpoint(); // at 9, in the copy
    // The owner cuts entries 7-9 and the checkpoint that signs them: the database alone now shows
    // a shorter chain whose newest checkpoint (6) is its head, which looks intact.
    await asOwner([
      ['DELETE FROM audit_event WHERE workspace_id = $1 AND seq > 6', [w.ws.id]],
      ['DELETE FROM audit_checkpoint WHERE workspace_id = $1 AND seq > 6', [w.ws.id]],
    ]);
    expect(await verifyWith(w.ws.id, { copy: null })).toMatchObject({ ok: true, checked: 6 });
    expect(await w.verify()).toMatchObject({
      ok: false,
      brokenAt: '7',
      checked: 6,
      reason: 'entries from 7 on are missing, and so is the checkpoint at 9 (the external copy has it)',
      checkpoint: { seq: '6' },
      copy: { consulted: true, agrees: false, newestSeq: '9' },
    });
  });

  it('finds the newest checkpoint removed by the owner together with the entries it signs', async () => {
    const w = await auditedWorkspace(6);
    await w.checkpoint(); // at 6: the only one
    await asOwner([
      ['DELETE FROM audit_event WHERE workspace_id = $1 AND seq >= 4', [w.ws.id]],
      ['DELETE FROM audit_checkpoint WHERE workspace_id = $1', [w.ws.id]],
    ]);
    expect(await verifyWith(w.ws.id, { copy: null })).toMatchObject({ ok: true, checkpoint: null });
    expect(await w.verify()).toMatchObject({
      ok: false,
      brokenAt: '4',
      checked: 3,
      reason: 'entries from 4 on are missing, and so is the checkpoint at 6 (the external copy has it)',
      checkpoint: null,
    });
  });

  it('finds a checkpoint removed from the middle of the chain, with its entries left in place', async () => {
    const w = await auditedWorkspace(6);
    await w.checkpoint();
    await w.grow(2);
    await w.checkpoint();
    await asOwner([['DELETE FROM audit_checkpoint WHERE workspace_id = $1 AND seq = 6', [w.ws.id]]]);
    expect(await w.verify()).toMatchObject({
      ok: false,
      brokenAt: '6',
      reason: 'the checkpoint at 6 is missing from the database (the external copy has it)',
    });
  });

  it('reports a copy that disagrees with the database, and a copy line with a forged signature', async () => {
    const w = await auditedWorkspace(6);
    await w.checkpoint();
    const key = appSecrets().checkpointKey;
    // A validly signed checkpoint for seq 6 with another hash: the copy and the database disagree.
    const other = 'c'.repeat(64);
    appendFileSync(
      copyFile(w.ws.id),
      `${toLine({ workspaceId: w.ws.id, seq: 6n, hash: other, signature: signCheckpoint(key, w.ws.id, 6n, other), createdAt: new Date() })}\n`,
    );
    expect(await w.verify()).toMatchObject({
      ok: false,
      brokenAt: '6',
      reason: 'the checkpoint at 6 differs from the external copy',
      copy: { consulted: true, agrees: false, checkpoints: 2 },
    });

    const v = await auditedWorkspace(3);
    await v.checkpoint();
    appendFileSync(
      copyFile(v.ws.id),
      `${toLine({ workspaceId: v.ws.id, seq: 2n, hash: other, signature: '0'.repeat(64), createdAt: new Date() })}\n`,
    );
    expect(await v.verify()).toMatchObject({
      ok: false,
      brokenAt: '2',
      reason: 'the external copy has a checkpoint at 2 with an invalid signature',
    });
  });

  it('ends a line torn by a crash before appending, and skips it with a warning', async () => {
    const w = await auditedWorkspace(3);
    await w.checkpoint();
    appendFileSync(copyFile(w.ws.id), '{"workspaceId":"torn');
    await w.grow(1);
    await w.checkpoint();
    const raw = readFileSync(copyFile(w.ws.id), 'utf8').split('\n');
    expect(raw).toHaveLength(4); // two checkpoints, the torn line, and the final newline
    expect(JSON.parse(raw[2] ?? '')).toMatchObject({ seq: '4' });
    expect(await w.verify()).toMatchObject({
      ok: true,
      copy: { agrees: true, checkpoints: 2, newestSeq: '4' },
      warnings: ['1 line of the external copy could not be read and was skipped.'],
    });
  });

  it('loses no checkpoint when the copy cannot be written: the next run writes what it lacks, oldest first', async () => {
    const w = await auditedWorkspace(3);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'enclave-copy-'));
    const blocker = path.join(tmp, 'volume');
    writeFileSync(blocker, 'not a directory'); // the copy's directory cannot be made under it
    const copy = fileCopy(path.join(blocker, 'checkpoints'));
    const key = appSecrets().checkpointKey;
    await writeCheckpoints(testRuntime().db.admin, key, copy);
    await w.grow(2);
    await writeCheckpoints(testRuntime().db.admin, key, copy);
    // Signed in the database all the same; the copy has nothing and knows it.
    expect(
      (await testRuntime().db.admin.auditCheckpoint.findMany({ where: { workspaceId: w.ws.id } })).map(
        (c) => c.seq,
      ),
    ).toEqual([3n, 5n]);
    expect(await verifyWith(w.ws.id, { copy })).toMatchObject({
      ok: true,
      copy: { consulted: false, agrees: null },
      warnings: [
        'The external copy of the checkpoints could not be read, so the log was checked against the database alone (the server log says why).',
      ],
    });
    // Readable again but still behind the database: verify says so once that lasts two intervals.
    rmSync(blocker);
    const lagging = await verifyWith(w.ws.id, { copy, now: new Date(Date.now() + 3_600_000) });
    expect(lagging).toMatchObject({ ok: true, copy: { consulted: true, agrees: true, checkpoints: 0 } });
    expect(lagging.warnings).toContainEqual(
      expect.stringMatching(
        /^The external copy lacks the checkpoints from 3 on, the first signed 6\d minutes ago/,
      ),
    );

    await writeCheckpoints(testRuntime().db.admin, key, copy);
    const lines = readFileSync(path.join(blocker, 'checkpoints', `${w.ws.id}.ndjson`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { seq: string }).seq);
    expect(lines).toEqual(['3', '5']);
    expect(await verifyWith(w.ws.id, { copy })).toMatchObject({
      ok: true,
      copy: { agrees: true, checkpoints: 2, newestSeq: '5' },
      warnings: [],
    });
    rmSync(tmp, { recursive: true });
  });
});
