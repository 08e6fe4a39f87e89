import { seedComments } from '../../test/file-comments';
import { seedNotificationPrefs } from '../../test/notification-prefs';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCheckpoints } from '../domain/audit/service';
import type { SendPayloadItem } from '../domain/send/send-contract';
import { appSecrets } from '../lib/app-secrets';
import { callerFor, type TestUser } from '../../test/actors';
import {
  join,
  message,
  person,
  supportConversation,
  widgetOn,
  widgetVisitor,
  workspaceWith,
} from '../../test/factories';
import { appUrlForThisFile } from '../../test/setup/db';
import { seedPushSubscription } from '../../test/push-endpoint';
import { seedFiles, seedShare } from '../../test/files';
import { OWNER_ROLE, RUNTIME_ROLE } from './roles';
import { testRuntime } from '../../test/runtime';
import { sweepWorkspace } from '../domain/compliance/sweep';
import { pruneAudit } from '../domain/compliance/audit-prune';

// Layer 2 of tenant isolation, tested on its own: raw SQL as the runtime role, no application code
// between the query and the policies.

interface Settings {
  /** undefined: never set on this connection; '' : set to empty; otherwise a workspace id. */
  workspaceId?: string;
  userId?: string;
}

/** Runs `fn` as the runtime role in one transaction (always rolled back) on a fresh connection. */
async function asApp<T>(s: Settings, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: appUrlForThisFile() });
  await c.connect();
  try {
    await c.query('BEGIN');
    if (s.workspaceId !== undefined)
      await c.query("SELECT set_config('app.workspace_id', $1, true)", [s.workspaceId]);
    if (s.userId !== undefined) await c.query("SELECT set_config('app.user_id', $1, true)", [s.userId]);
    return await fn(c);
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
    await c.end();
  }
}

/** The error a statement raises as the runtime role, or null when it succeeds. */
const failure = (s: Settings, sql: string, params: unknown[] = []) =>
  asApp(s, async (c) => {
    try {
      await c.query(sql, params);
      return null;
    } catch (e) {
      return e as Error & { code?: string };
    }
  });

let alice: TestUser;
let bob: TestUser;
let dave: TestUser;
let wsA = '';
let wsB = '';
let tenantTables: string[] = [];
/** The predicate that selects workspace `$1`'s rows in a tenant table. */
const ownedBy = (table: string) => (table === 'workspace' ? 'id = $1' : 'workspace_id = $1');

beforeAll(async () => {
  // Bob belongs to both; each workspace has members, invitations, keys, audit entries, checkpoints.
  const A = await workspaceWith({ member: ['Bob'] }, { name: 'Acme', owner: 'Alice' });
  [bob] = A.member;
  const B = await workspaceWith({ member: [bob] }, { name: 'Globex', owner: 'Dave' });
  [alice, dave, wsA, wsB] = [A.owner, B.owner, A.id, B.id];
  const [a, d] = [A.api, B.api];
  await a.member.invite({ workspaceId: wsA, role: 'guest', email: 'pending@example.test' });
  await d.member.invite({ workspaceId: wsB, role: 'guest', email: 'pending@example.test' });
  await a.apiKey.create({ workspaceId: wsA, name: 'a-key', scopes: ['audit:read'] });
  await d.apiKey.create({ workspaceId: wsB, name: 'b-key', scopes: ['audit:read'] });
  // Messages with an edit, a reaction, a mention notification and a policy hit in each workspace.
  for (const ws of [A, B]) {
    const { api } = ws;
    const sent = await message(ws, ws.general, { body: `hello <@${bob.userId}>` });
    await api.message.edit({ workspaceId: ws.id, messageId: sent.id, body: `hello again <@${bob.userId}>` });
    await api.reaction.toggle({ workspaceId: ws.id, messageId: sent.id, emoji: '👍' });
    // The default policy masks a card number and records the hit.
    await message(ws, ws.general, { body: 'card 4111 1111 1111 1111' });
  }
  // A widget (secret, visitor, session, a used identity token) in each: the visitor is a third member.
  for (const ws of [A, B]) {
    const secret = await widgetOn(ws, { anonymous: true });
    // From the host's server: no Origin header.
    const sue = await widgetVisitor(ws, {
      secret,
      claims: { sub: `rls-${ws.id}`, name: 'Signed Sue' },
      from: null,
    });
    // Her conversation in the support inbox, with a note, and a canned reply.
    await supportConversation(ws, sue, { note: 'rls note', canned: { title: 'Hello', body: 'Hello there' } });
    // A lockdown, lifted at once (the row stays as history).
    await ws.api.admin.startLockdown({ workspaceId: ws.id, mode: 'read_only', reason: 'rls', minutes: 5 });
    await ws.api.admin.liftLockdown({ workspaceId: ws.id });
    // A quarantine of the visitor, released.
    await ws.api.admin.quarantine({ workspaceId: ws.id, userId: sue.userId, reason: 'rls', minutes: 5 });
    await ws.api.admin.releaseQuarantine({ workspaceId: ws.id, userId: sue.userId });
    // Bob's message, reported by the owner: a review and a report.
    const reported = await message(ws, ws.general, {
      author: { api: await callerFor(bob) },
      body: 'rls report',
    });
    await ws.api.moderation.report({ workspaceId: ws.id, messageId: reported.id, reason: 'other' });
    // Retention: a rule, a legal hold and a sweep's run; the audit log's rule, and a pruning (as of
    // years from now) behind its signed record.
    await ws.api.compliance.setRetention({ workspaceId: ws.id, messageDays: 3650 });
    await ws.api.compliance.placeHold({
      workspaceId: ws.id,
      scope: 'conversation',
      conversationId: ws.general.id,
      reason: 'rls',
    });
    await sweepWorkspace(testRuntime(), ws.id);
    // An erasure: the person's audit entries rewritten under signed redactions.
    const leaving = await person('Leaving');
    await join(ws, leaving, 'member');
    await ws.api.compliance.erase({ workspaceId: ws.id, userId: leaving.userId });
    await ws.api.compliance.createExport({ workspaceId: ws.id, includeDeleted: false, formats: ['csv'] });
    await ws.api.compliance.setAuditRetention({ workspaceId: ws.id, days: 365 });
    await pruneAudit(
      testRuntime(),
      ws.id,
      appSecrets().checkpointKey,
      new Date(Date.now() + 2 * 365 * 86_400_000),
    );
  }
  // Files (after the erasures, which sweep the blob queue): an image with its thumbnail, and a
  // deleted one whose blobs wait in the removal queue.
  for (const ws of [A, B]) await seedFiles(ws);
  // A file shared with Bob (and an earlier share of it revoked) in each.
  for (const ws of [A, B]) await seedShare(ws, bob.userId);
  // A comment thread on a file, with a reply, resolved.
  for (const ws of [A, B]) await seedComments(ws);
  // A browser of each owner's subscribed to push (after the erasures).
  for (const ws of [A, B]) await seedPushSubscription(ws.api, ws.id, 'rls');
  // Bob's notification preferences in each, #general muted for a day.
  for (const ws of [A, B]) await seedNotificationPrefs(await callerFor(bob), ws.id, ws.general.id);
  await writeCheckpoints(testRuntime().db.admin, appSecrets().checkpointKey);

  const rows = await testRuntime().db.admin.$queryRaw<{ t: string }[]>`
    SELECT DISTINCT c.relname::text AS t FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND (a.attnum IS NOT NULL OR c.relname = 'workspace')
    ORDER BY 1`;
  tenantTables = rows.map((r) => r.t);
});

describe('row-level security catalog', () => {
  it('has ENABLE + FORCE row-level security and restrictive policies for every command on every tenant table', async () => {
    expect(tenantTables).toEqual(expect.arrayContaining(['workspace', 'member', 'api_key', 'audit_event']));
    // polcmd: r = SELECT, a = INSERT, w = UPDATE, d = DELETE, * = all. A restrictive policy on SELECT
    // alone would leave writes across workspaces open, so every command must be covered.
    const rows = await testRuntime().db.admin.$queryRaw<
      { t: string; enabled: boolean; forced: boolean; cmds: string }[]
    >`
      SELECT c.relname::text AS t, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             coalesce((SELECT string_agg(DISTINCT p.polcmd::text, '' ORDER BY p.polcmd::text) FROM pg_policy p
                       WHERE p.polrelid = c.oid AND NOT p.polpermissive), '') AS cmds
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = ANY(${tenantTables})`;
    const covered = (cmds: string) =>
      cmds.includes('*') || ['r', 'a', 'w', 'd'].every((x) => cmds.includes(x));
    expect(
      rows
        .map((r) => ({ t: r.t, enabled: r.enabled, forced: r.forced, allCommands: covered(r.cmds) }))
        .sort((x, y) => x.t.localeCompare(y.t)),
    ).toEqual(tenantTables.map((t) => ({ t, enabled: true, forced: true, allCommands: true })));
  });

  it('runs the app as a role that is no superuser, has no BYPASSRLS, owns nothing and is not the owner', async () => {
    const r = await asApp({}, async (c) => {
      const role = await c.query<{ u: string; rolsuper: boolean; rolbypassrls: boolean; owner: boolean }>(
        `SELECT current_user AS u, rolsuper, rolbypassrls, pg_has_role(current_user, $1, 'MEMBER') AS owner
         FROM pg_roles WHERE rolname = current_user`,
        [OWNER_ROLE],
      );
      const owned = await c.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user))
              + (SELECT count(*) FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user))
              + (SELECT count(*) FROM pg_proc WHERE proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user))
              AS n`,
      );
      return { ...role.rows[0], owned: Number(owned.rows[0]?.n) };
    });
    expect(r).toEqual({ u: RUNTIME_ROLE, rolsuper: false, rolbypassrls: false, owner: false, owned: 0 });
  });
});

describe('row-level security as the runtime role', () => {
  const countA = (s: Settings) =>
    asApp(s, async (c) => {
      const out: Record<string, number> = {};
      for (const t of tenantTables) {
        const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}" WHERE ${ownedBy(t)}`, [wsA]);
        out[t] = Number(r.rows[0]?.n);
      }
      return out;
    });
  const zeros = () => Object.fromEntries(tenantTables.map((t) => [t, 0]));

  it("sees workspace A's rows in every tenant table when scoped to A (the control)", async () => {
    const counts = await countA({ workspaceId: wsA, userId: alice.userId });
    for (const t of tenantTables)
      expect(counts[t], `rows of A in ${t}: seed some in beforeAll`).toBeGreaterThan(0);
  });

  it("sees none of workspace A's rows with the setting unset, empty, or another workspace", async () => {
    expect(await countA({})).toEqual(zeros());
    expect(await countA({ workspaceId: '', userId: '' })).toEqual(zeros());
    expect(await countA({ workspaceId: wsB })).toEqual(zeros());
    expect(await countA({ workspaceId: wsB, userId: dave.userId })).toEqual(zeros());
  });

  it('fails closed on a malformed setting', async () => {
    const err = await failure({ workspaceId: 'not-a-uuid' }, 'SELECT count(*) FROM api_key');
    expect(err?.message).toMatch(/invalid input syntax for type uuid/);
  });

  it('refuses an UPDATE that moves a row of any tenant table to another workspace', async () => {
    for (const t of tenantTables.filter((x) => x !== 'workspace')) {
      const err = await failure(
        { workspaceId: wsA, userId: alice.userId },
        `UPDATE "${t}" SET workspace_id = $2 WHERE workspace_id = $1`,
        [wsA, wsB],
      );
      // The audit log's guard refuses it first (the app may UPDATE entries only as a redaction says).
      const refusal = t === 'audit_event' ? /append-only/ : /row-level security|permission denied/;
      expect(err?.message, `moving a ${t} row`).toMatch(refusal);
    }
    const err = await failure({ workspaceId: wsA }, 'UPDATE workspace SET id = $2 WHERE id = $1', [
      wsA,
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(err?.message).toMatch(/row-level security/);
    expect(await countA({ workspaceId: wsA })).toMatchObject({ member: 3, api_key: 1 });
  });

  it("refuses an INSERT carrying another workspace's id", async () => {
    const scopeA = { workspaceId: wsA, userId: alice.userId };
    const attempts: [string, unknown[]][] = [
      ["INSERT INTO member (workspace_id, user_id, role) VALUES ($1, $2, 'owner')", [wsB, alice.userId]],
      [
        "INSERT INTO invitation (workspace_id, role, token_hash, invited_by, expires_at) VALUES ($1, 'admin', 'h', $2, now() + interval '1 day')",
        [wsB, alice.userId],
      ],
      [
        "INSERT INTO api_key (workspace_id, name, prefix, key_hash, scopes, created_by) VALUES ($1, 'k', 'p', 'h', '{audit:read}', $2)",
        [wsB, alice.userId],
      ],
      [
        "INSERT INTO audit_event (workspace_id, seq, prev_hash, hash, actor_type, action, created_at) VALUES ($1, 999, 'x', 'y', 'user', 'forged', now())",
        [wsB],
      ],
      ["INSERT INTO workspace (id, slug, name) VALUES ($1, 'sneaky', 'Sneaky')", [crypto.randomUUID()]],
    ];
    for (const [sql, params] of attempts) {
      const err = await failure(scopeA, sql, params);
      expect(err?.message, sql).toMatch(/row-level security/);
    }
    // The same insert with no scope at all fails too.
    const err = await failure({}, attempts[0]?.[0] ?? '', [wsA, dave.userId]);
    expect(err?.message).toMatch(/row-level security/);
  });

  it('lets the search function read only the current workspace', async () => {
    const call = 'SELECT id FROM message_search($1, 1, $2, $3, NULL, NULL, NULL, NULL, 20)';
    const everything = async (ws: string) => {
      const r = await testRuntime().db.admin.$queryRaw<
        { id: string }[]
      >`SELECT id FROM conversation WHERE workspace_id = ${ws}::uuid`;
      return r.map((x) => x.id);
    };
    // Aimed at B while scoped to A, or with no scope: refused, whatever conversations it names.
    for (const scope of [{ workspaceId: wsA, userId: alice.userId }, {}]) {
      const err = await failure(scope, call, [wsB, [], await everything(wsB)]);
      expect(err?.message).toMatch(/only the current workspace/);
    }
    // Scoped to A and aimed at A, it answers (no tokens: every message of the named conversations).
    const rows = await asApp(
      { workspaceId: wsA },
      async (c) => (await c.query<{ id: string }>(call, [wsA, [], await everything(wsA)])).rows,
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  it('enters a workspace with the gate function: settings for this transaction only, membership under RLS', async () => {
    const enter = 'SELECT role FROM app_enter_as_member($1, $2)';
    const settings =
      "SELECT current_setting('app.workspace_id', true) AS ws, current_setting('app.user_id', true) AS u";
    const seen = await asApp({}, async (c) => {
      const member = (await c.query<{ role: string }>(enter, [wsA, alice.userId])).rows;
      const stranger = (await c.query<{ role: string }>(enter, [wsA, dave.userId])).rows;
      const after = (await c.query<{ ws: string; u: string }>(settings)).rows[0];
      // The settings now scope every policy for the rest of the transaction: A's rows are visible
      // (unscoped they are not), B's are not.
      const keys = async (ws: string) =>
        (await c.query<{ n: string }>('SELECT count(*) AS n FROM api_key WHERE workspace_id = $1', [ws]))
          .rows[0]?.n;
      const aRows = await keys(wsA);
      const bRows = await keys(wsB);
      return { member, stranger, after, aRows, bRows };
    });
    expect(seen.member).toEqual([{ role: 'owner' }]);
    expect(seen.stranger).toEqual([]);
    expect(seen.after).toEqual({ ws: wsA, u: dave.userId });
    expect(seen.aRows).toBe('1');
    expect(seen.bRows).toBe('0');
    // Transaction-local: a new transaction on a fresh connection starts unscoped.
    expect(await asApp({}, async (c) => (await c.query<{ ws: string }>(settings)).rows[0]?.ws ?? '')).toBe(
      '',
    );
    // It runs with the caller's rights, not its owner's.
    const [fn] = await testRuntime().db.admin.$queryRaw<{ definer: boolean }[]>`
      SELECT prosecdef AS definer FROM pg_proc WHERE proname = 'app_enter_as_member'`;
    expect(fn).toEqual({ definer: false });
  });

  it("sends with the send function only into the named workspace's own conversations, as the caller", async () => {
    const send = `SELECT app_send_messages($1, 1, 1, 0, now(), '{}', $2::jsonb) AS out`;
    const generalOf = async (ws: string) =>
      (
        await testRuntime().db.admin.$queryRaw<{ id: string }[]>`
          SELECT id FROM conversation WHERE workspace_id = ${ws}::uuid AND is_default`
      )[0]!.id;
    const [generalA, generalB] = [await generalOf(wsA), await generalOf(wsB)];
    const item = (c: string, u: string, k: string): SendPayloadItem => ({
      userId: u,
      conversationId: c,
      clientMsgId: k,
      parentId: null,
      messageId: crypto.randomUUID(),
      bodyCiphertext: 'AA==',
      searchTokens: [],
      bodyMac: '00',
      mentions: [],
      mentionChannel: false,
      mentionHere: false,
    });
    const r = await asApp({}, async (c) => {
      const out = (
        await c.query<{ out: { results: { status: string }[] } }>(send, [
          wsA,
          JSON.stringify([
            item(generalB, bob.userId, 'rls-fn-1'), // B's conversation named under A
            item(generalA, dave.userId, 'rls-fn-2'), // B's owner, not a member of A
            item(generalA, bob.userId, 'rls-fn-3'), // the one allowed
          ]),
        ])
      ).rows[0]!.out;
      const stored = (
        await c.query<{ k: string }>('SELECT client_msg_id AS k FROM message WHERE client_msg_id LIKE $1', [
          'rls-fn-%',
        ])
      ).rows;
      return { statuses: out.results.map((x) => x.status), stored: stored.map((x) => x.k) };
    });
    expect(r).toEqual({
      statuses: ['conversation_not_found', 'workspace_not_found', 'ok'],
      stored: ['rls-fn-3'],
    });
    // The gate's conversation read: B's conversation named under A is simply not there.
    const enter = 'SELECT role, conversation FROM app_enter_conversation($1, $2, $3)';
    const seen = await asApp({}, async (c) => ({
      own: (
        await c.query<{ conversation: { id: string; member: boolean } | null }>(enter, [
          wsA,
          bob.userId,
          generalA,
        ])
      ).rows[0]?.conversation,
      other: (await c.query<{ conversation: unknown }>(enter, [wsA, bob.userId, generalB])).rows[0]
        ?.conversation,
    }));
    expect(seen).toMatchObject({ own: { id: generalA, member: true }, other: null });
    // It and the gate's functions run with the caller's rights, not their owner's.
    const fns = await testRuntime().db.admin.$queryRaw<{ name: string; definer: boolean }[]>`
      SELECT proname AS name, prosecdef AS definer FROM pg_proc
      WHERE proname IN ('app_send_messages', 'app_enter_conversation', 'app_conversation_access')
      ORDER BY proname`;
    expect(fns).toEqual([
      { name: 'app_conversation_access', definer: false },
      { name: 'app_enter_conversation', definer: false },
      { name: 'app_send_messages', definer: false },
    ]);
  });

  it("cannot touch another workspace's rows: UPDATE and DELETE match nothing", async () => {
    const r = await asApp({ workspaceId: wsA, userId: alice.userId }, async (c) => ({
      renamed: (await c.query("UPDATE workspace SET name = 'pwned' WHERE id = $1", [wsB])).rowCount,
      promoted: (await c.query("UPDATE member SET role = 'owner' WHERE workspace_id = $1", [wsB])).rowCount,
      removed: (await c.query('DELETE FROM member WHERE workspace_id = $1', [wsB])).rowCount,
      keys: (await c.query('UPDATE api_key SET revoked_at = now() WHERE workspace_id = $1', [wsB])).rowCount,
    }));
    expect(r).toEqual({ renamed: 0, promoted: 0, removed: 0, keys: 0 });
  });

  it('shows each user only their own memberships (and their workspaces) when unscoped', async () => {
    const read = (userId: string) =>
      asApp({ workspaceId: '', userId }, async (c) => ({
        members: (
          await c.query<{ w: string; u: string }>('SELECT workspace_id AS w, user_id AS u FROM member')
        ).rows,
        workspaces: (await c.query<{ id: string }>('SELECT id FROM workspace')).rows.map((r) => r.id).sort(),
      }));
    const asBob = await read(bob.userId);
    expect(asBob.members.sort((x, y) => x.w.localeCompare(y.w))).toEqual(
      [wsA, wsB].sort().map((w) => ({ w, u: bob.userId })),
    );
    expect(asBob.workspaces).toEqual([wsA, wsB].sort());
    const asAlice = await read(alice.userId);
    expect(asAlice.members).toEqual([{ w: wsA, u: alice.userId }]);
    expect(asAlice.workspaces).toEqual([wsA]);
    // The user path is read-only: without A's scope Bob cannot change even his own row in A.
    const changed = await asApp({ workspaceId: '', userId: bob.userId }, async (c) => {
      const up = await c.query("UPDATE member SET role = 'owner' WHERE user_id = $1", [bob.userId]);
      const del = await c.query('DELETE FROM member WHERE user_id = $1', [bob.userId]);
      return [up.rowCount, del.rowCount];
    });
    expect(changed).toEqual([0, 0]);
  });
});
