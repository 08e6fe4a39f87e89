import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { appSecrets } from '../../lib/app-secrets';
import { callerFor, signUp, type TestUser } from '../../../test/actors';
import { asSuperuser } from '../../../test/db';
import { appUrlForThisFile, ownerUrlForThisFile } from '../../../test/setup/db';
import { writeCheckpoints } from './service';
import { testRuntime } from '../../../test/runtime';

// The hash chain against someone with direct database access. Tampering runs as the superuser with
// triggers off (session_replication_role = replica), which is what an attacker with the host has.

let users: Promise<[TestUser, TestUser]> | undefined;

/** A fresh workspace whose chain holds six entries, made by real procedures. */
async function chain() {
  users ??= Promise.all([signUp('Alice'), signUp('Bob')]);
  const [alice, bob] = await users;
  const a = await callerFor(alice);
  const ws = await a.workspace.create({ name: 'Chain' }); // 1 workspace.create
  const inv = await a.member.invite({ workspaceId: ws.id, role: 'member' }); // 2 member.invite
  await (await callerFor(bob)).member.accept({ token: inv.token }); // 3 member.join
  await a.member.changeRole({ workspaceId: ws.id, userId: bob.userId, role: 'moderator' }); // 4
  await a.member.invite({ workspaceId: ws.id, role: 'guest', email: 'g@example.test' }); // 5
  await a.workspace.update({ workspaceId: ws.id, name: 'Chain 2' }); // 6
  const verify = () => a.audit.verify({ workspaceId: ws.id });
  const count = () => testRuntime().db.admin.auditEvent.count({ where: { workspaceId: ws.id } });
  return { ws, alice, bob, a, verify, count };
}

/** Runs statements as the superuser with the append-only triggers off. */
function tamper(sql: string, params: unknown[] = []) {
  return asSuperuser(async (c) => {
    await c.query('SET session_replication_role = replica');
    return c.query(sql, params);
  });
}

async function asRole(url: string, workspaceId: string, user: TestUser, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query("SELECT set_config('app.workspace_id', $1, true), set_config('app.user_id', $2, true)", [
      workspaceId,
      user.userId,
    ]);
    await c.query(sql, sql.includes('$1') ? [workspaceId] : []);
    await c.query('COMMIT');
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await c.end();
  }
}

describe('audit chain verification', () => {
  it('reports an intact chain as ok, having checked every entry', async () => {
    const { verify, count } = await chain();
    const n = await count();
    expect(n).toBeGreaterThanOrEqual(6);
    expect(await verify()).toMatchObject({ ok: true, checked: n, brokenAt: null, reason: null });
  });

  let shared: ReturnType<typeof chain> | undefined;
  it.each([
    ['data', `data = '{"name":"Evil"}'::jsonb`],
    ['actor_type', `actor_type = 'system'`],
    ['actor_id', `actor_id = 'someone-else'`],
    ['action', `action = 'member.leave'`],
    ['target_type', `target_type = 'workspace'`],
    ['target_id', `target_id = 'x'`],
    ['ip', `ip = '198.51.100.1'`],
    ['user_agent', `user_agent = 'curl'`],
    ['request_id', `request_id = 'other'`],
    ['created_at', `created_at = created_at + interval '1 second'`],
    ['prev_hash', `prev_hash = repeat('b', 64)`],
    ['hash', `hash = repeat('a', 64)`],
  ])('finds an entry whose %s was changed, at that sequence', async (column, set) => {
    // One chain for all columns: each case changes entry 3, checks, then puts the value back.
    shared ??= chain();
    const { ws, verify } = await shared;
    const where = 'WHERE workspace_id = $1 AND seq = 3';
    const saved = await tamper(`SELECT row_to_json(e) AS row FROM audit_event e ${where}`, [ws.id]);
    await tamper(`UPDATE audit_event SET ${set} ${where}`, [ws.id]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '3', checked: 2 });
    await tamper(
      `UPDATE audit_event t SET ${column} = o.${column}
       FROM json_populate_record(NULL::audit_event, $2::json) o WHERE t.workspace_id = $1 AND t.seq = 3`,
      [ws.id, JSON.stringify((saved.rows[0] as { row: unknown }).row)],
    );
    expect(await verify()).toMatchObject({ ok: true, brokenAt: null });
  });

  it('finds a rewritten entry even when every later hash was recomputed, through a checkpoint', async () => {
    const { ws, verify, count } = await chain();
    await writeCheckpoints(testRuntime().db.admin, appSecrets().checkpointKey);
    // Re-chain from seq 3 with a changed payload, exactly as verify would recompute it.
    const { chainHash } = await import('./chain');
    const rows = await testRuntime().db.admin.auditEvent.findMany({
      where: { workspaceId: ws.id },
      orderBy: { seq: 'asc' },
    });
    let prev = rows[1]?.hash ?? '';
    for (const r of rows.slice(2)) {
      const data = r.seq === 3n ? { forged: true } : r.data;
      const hash = chainHash(prev, { ...r, data });
      await tamper(
        'UPDATE audit_event SET data = $3, prev_hash = $4, hash = $5 WHERE workspace_id = $1 AND seq = $2',
        [ws.id, r.seq, JSON.stringify(data), prev, hash],
      );
      prev = hash;
    }
    const n = await count();
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: String(n),
      reason: 'entry differs from its checkpoint',
    });
  });

  it('finds a deleted middle entry at its sequence', async () => {
    const { ws, verify } = await chain();
    await tamper('DELETE FROM audit_event WHERE workspace_id = $1 AND seq = 4', [ws.id]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '4', checked: 3, reason: 'entry missing' });
  });

  it('finds a deleted first entry', async () => {
    const { ws, verify } = await chain();
    await tamper('DELETE FROM audit_event WHERE workspace_id = $1 AND seq = 1', [ws.id]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '1', checked: 0 });
  });

  it('finds two swapped entries at the first affected sequence', async () => {
    const { ws, verify } = await chain();
    // Through negative numbers: the primary key is checked per statement.
    await tamper('UPDATE audit_event SET seq = -seq WHERE workspace_id = $1 AND seq IN (2, 3)', [ws.id]);
    await tamper(
      'UPDATE audit_event SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE workspace_id = $1 AND seq < 0',
      [ws.id],
    );
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '2', checked: 1 });
  });

  it('finds a truncated tail once a checkpoint has been written, and not before (no false alarms)', async () => {
    const { ws, a, verify, count } = await chain();
    await writeCheckpoints(testRuntime().db.admin, appSecrets().checkpointKey);
    // Entries after the checkpoint are covered by the chain alone.
    await a.member.invite({ workspaceId: ws.id, role: 'guest' });
    const n = await count();
    expect(await verify()).toMatchObject({ ok: true, checked: n, checkpoint: { seq: String(n - 1) } });

    // Dropping the newest three leaves a valid but shorter chain; the checkpoint at n-1 gives it away.
    await tamper('DELETE FROM audit_event WHERE workspace_id = $1 AND seq > $2', [ws.id, n - 3]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: String(n - 2), checked: n - 3 });
  });

  it('finds a forged or altered checkpoint signature', async () => {
    const { ws, verify, count } = await chain();
    await writeCheckpoints(testRuntime().db.admin, appSecrets().checkpointKey);
    const n = await count();
    await tamper(
      "UPDATE audit_checkpoint SET signature = repeat('0', 64) WHERE workspace_id = $1 AND seq = $2",
      [ws.id, n],
    );
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: String(n),
      reason: 'a checkpoint signature is invalid',
    });
  });

  it('refuses a checkpoint signed with another key or for another workspace', async () => {
    const one = await chain();
    const other = await chain();
    const { signCheckpoint } = await import('./chain');
    const head = await testRuntime().db.admin.auditEvent.findFirstOrThrow({
      where: { workspaceId: one.ws.id },
      orderBy: { seq: 'desc' },
    });
    const forged = signCheckpoint('an attacker key that is long enough 0123', one.ws.id, head.seq, head.hash);
    await tamper(
      'INSERT INTO audit_checkpoint (workspace_id, seq, hash, signature) VALUES ($1, $2, $3, $4)',
      [one.ws.id, head.seq, head.hash, forged],
    );
    expect(await one.verify()).toMatchObject({ ok: false, brokenAt: String(head.seq) });
    // A genuine signature copied to another workspace's chain does not hold there either.
    const genuine = signCheckpoint(appSecrets().checkpointKey, one.ws.id, head.seq, head.hash);
    await tamper(
      'INSERT INTO audit_checkpoint (workspace_id, seq, hash, signature) VALUES ($1, $2, $3, $4)',
      [other.ws.id, head.seq, head.hash, genuine],
    );
    expect(await other.verify()).toMatchObject({ ok: false, reason: 'a checkpoint signature is invalid' });
  });
});

describe('audit log is append-only', () => {
  it('denies UPDATE, DELETE and TRUNCATE to the runtime role', async () => {
    const { ws, alice, count } = await chain();
    const n = await count();
    for (const sql of [
      "UPDATE audit_event SET action = 'x' WHERE workspace_id = $1",
      'DELETE FROM audit_event WHERE workspace_id = $1',
      'TRUNCATE audit_event',
      "UPDATE audit_checkpoint SET hash = 'x' WHERE workspace_id = $1",
      "INSERT INTO audit_checkpoint (workspace_id, seq, hash, signature) VALUES ($1, 99, 'h', 's')",
    ]) {
      // DELETE is granted for audit retention (only below a signed pruning record) and UPDATE for
      // erasure (only as a signed redaction records it): the trigger refuses both here.
      const refusal = /^(DELETE|UPDATE audit_event)/.test(sql) ? /append-only/ : /permission denied/;
      expect(await asRole(appUrlForThisFile(), ws.id, alice, sql), sql).toMatch(refusal);
    }
    expect(await count()).toBe(n);
  });

  it('refuses UPDATE, DELETE and TRUNCATE by the owner role through the trigger', async () => {
    const { ws, alice, count, verify } = await chain();
    await writeCheckpoints(testRuntime().db.admin, appSecrets().checkpointKey);
    const n = await count();
    const ownerUrl = ownerUrlForThisFile();
    for (const sql of [
      "UPDATE audit_event SET action = 'x' WHERE workspace_id = $1",
      'DELETE FROM audit_event WHERE workspace_id = $1',
      'TRUNCATE audit_event',
      "UPDATE audit_checkpoint SET hash = 'x' WHERE workspace_id = $1",
      'DELETE FROM audit_checkpoint WHERE workspace_id = $1',
      'TRUNCATE audit_checkpoint',
    ]) {
      expect(await asRole(ownerUrl, ws.id, alice, sql), sql).toBe('audit log is append-only');
    }
    expect(await count()).toBe(n);
    expect(await verify()).toMatchObject({ ok: true, checked: n, checkpoint: { seq: String(n) } });
  });
});
