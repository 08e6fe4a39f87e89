import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { searchHits } from '../domain/search/service';
import type { TestUser } from '../../test/actors';
import { conversation, message, workspaceWith } from '../../test/factories';
import { appUrlForThisFile, ownerUrlForThisFile } from '../../test/setup/db';
import { conversationRows, memberConversationRows, memberRows } from './gate-rows';

// Every SQL function besides app_send_messages (send-statuses.test.ts has its table): a table of
// cases each, run as the runtime role under row-level security, the rows parsed by the same zod
// schemas the application uses.

interface Fixture {
  wsA: string;
  wsB: string;
  wsArchived: string;
  slugA: string;
  alice: TestUser; // A's owner
  bob: TestUser; // a member of A
  gina: TestUser; // a guest of A
  dave: TestUser; // B's owner, not in A
  general: string;
  generalB: string;
  open: string; // public channel Bob is not in
  secret: string; // private channel Bob is not in
  old: string; // archived channel Bob is in
  hello: string; // a message in general
  gone: string; // a deleted message in general
}
let f: Fixture;

beforeAll(async () => {
  const A = await workspaceWith({ member: ['Bob'], guest: ['Gina'] }, { name: 'Gate A', owner: 'Alice' });
  const B = await workspaceWith({}, { name: 'Gate B', owner: 'Dave' });
  const {
    owner: alice,
    member: [bob],
    guest: [gina],
  } = A;
  const archived = await workspaceWith({}, { name: 'Gate archived', owner: alice });
  await alice.api.workspace.archive({ workspaceId: archived.id, archived: true });
  const open = await conversation(A, { kind: 'channel', name: 'open' });
  const secret = await conversation(A, { kind: 'channel', name: 'secret', private: true });
  const old = await conversation(A, { kind: 'channel', name: 'old', by: bob });
  await bob.api.channel.archive({ workspaceId: A.id, channelId: old.id, archived: true });
  const hello = await message(A, A.general, { body: 'hello' });
  const gone = await message(A, A.general, { body: 'gone' });
  await alice.api.message.delete({ workspaceId: A.id, messageId: gone.id });
  f = {
    ...{ wsA: A.id, wsB: B.id, wsArchived: archived.id, slugA: A.slug },
    ...{ alice, bob, gina, dave: B.owner, general: A.general.id, generalB: B.general.id },
    ...{ open: open.id, secret: secret.id, old: old.id, hello: hello.id, gone: gone.id },
  };
});

/** Runs statements as the runtime role (or another) in one transaction, rolled back, with settings. */
async function asApp<T>(
  settings: { workspaceId?: string; userId?: string },
  fn: (c: pg.Client) => Promise<T>,
  url = appUrlForThisFile(),
) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query("SELECT set_config('app.workspace_id', $1, true), set_config('app.user_id', $2, true)", [
      settings.workspaceId ?? '',
      settings.userId ?? '',
    ]);
    return await fn(c);
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
    await c.end();
  }
}
const rows = (sql: string, params: unknown[], settings = {}) =>
  asApp(settings, async (c) => (await c.query<Record<string, unknown>>(sql, params)).rows);
const failure = (sql: string, params: unknown[], settings = {}, url?: string) =>
  asApp(
    settings,
    (c) =>
      c.query(sql, params).then(
        () => null,
        (e: Error & { code?: string }) => e,
      ),
    url,
  );

describe('app_enter_as_member', () => {
  const cases: [string, (f: Fixture) => [string, string], { role: string; archived: boolean }[]][] = [
    ['the owner', (f) => [f.wsA, f.alice.userId], [{ role: 'owner', archived: false }]],
    ['a member', (f) => [f.wsA, f.bob.userId], [{ role: 'member', archived: false }]],
    ['a guest', (f) => [f.wsA, f.gina.userId], [{ role: 'guest', archived: false }]],
    [
      'the owner of an archived workspace',
      (f) => [f.wsArchived, f.alice.userId],
      [{ role: 'owner', archived: true }],
    ],
    ['someone of another workspace', (f) => [f.wsA, f.dave.userId], []],
    ['a member named under another workspace', (f) => [f.wsB, f.bob.userId], []],
    ['a workspace that does not exist', (f) => [randomUUID(), f.alice.userId], []],
  ];
  it.each(cases)('%s', async (_name, args, expected) => {
    const found = memberRows.parse(
      await rows('SELECT role, archived_at FROM app_enter_as_member($1, $2)', args(f)),
    );
    expect(found.map((r) => ({ role: r.role, archived: r.archived_at instanceof Date }))).toEqual(expected);
  });
});

describe('app_enter_conversation', () => {
  type Expected = null | { member: boolean; is_private?: boolean; archived?: boolean; kind?: string };
  const cases: [string, (f: Fixture) => [string, string, string], 'no member' | Expected][] = [
    ['a member in their channel', (f) => [f.wsA, f.bob.userId, f.general], { member: true, kind: 'channel' }],
    ['a member, a public channel not joined', (f) => [f.wsA, f.bob.userId, f.open], { member: false }],
    // The row is there; readable() refuses it (private, not a member), not the function.
    [
      'a member, a private channel',
      (f) => [f.wsA, f.bob.userId, f.secret],
      { member: false, is_private: true },
    ],
    ['a member, an archived channel', (f) => [f.wsA, f.bob.userId, f.old], { member: true, archived: true }],
    ["another workspace's conversation", (f) => [f.wsA, f.bob.userId, f.generalB], null],
    ['a conversation that does not exist', (f) => [f.wsA, f.bob.userId, randomUUID()], null],
    ['someone of another workspace', (f) => [f.wsA, f.dave.userId, f.general], 'no member'],
  ];
  it.each(cases)('%s', async (_name, args, expected) => {
    const found = memberConversationRows.parse(
      await rows('SELECT role, archived_at, conversation FROM app_enter_conversation($1, $2, $3)', args(f)),
    );
    if (expected === 'no member') expect(found).toEqual([]);
    else if (expected === null)
      expect(found).toEqual([{ role: 'member', archived_at: null, conversation: null }]);
    else
      expect(found).toEqual([
        {
          role: 'member',
          archived_at: null,
          conversation: expect.objectContaining({ id: args(f)[2], ...expected }) as unknown,
        },
      ]);
  });
});

describe('app_conversation_access', () => {
  const cases: [string, (f: Fixture) => [string, string, string], { workspaceId?: string }, number][] = [
    ["in A's scope, A's channel", (f) => [f.wsA, f.general, f.bob.userId], { workspaceId: 'A' }, 1],
    [
      "in A's scope, B's conversation named under B",
      (f) => [f.wsB, f.generalB, f.bob.userId],
      { workspaceId: 'A' },
      0,
    ],
    [
      "in A's scope, B's conversation named under A",
      (f) => [f.wsA, f.generalB, f.bob.userId],
      { workspaceId: 'A' },
      0,
    ],
    ['without a scope (fails closed)', (f) => [f.wsA, f.general, f.bob.userId], {}, 0],
  ];
  it.each(cases)('%s', async (_name, args, scope, n) => {
    const found = conversationRows.parse(
      await rows('SELECT * FROM app_conversation_access($1, $2, $3)', args(f), {
        workspaceId: scope.workspaceId ? f.wsA : '',
      }),
    );
    expect(found).toHaveLength(n);
    // General holds Alice and Bob (guests join no channel by themselves).
    if (n) expect(found[0]).toMatchObject({ id: f.general, member: true, member_count: 2 });
  });
});

describe('workspace_id_by_slug', () => {
  const cases: [string, (f: Fixture) => string, (f: Fixture) => string | null][] = [
    ["A's slug", (f) => f.slugA, (f) => f.wsA],
    ['a slug nobody has', () => 'no-such-workspace', () => null],
    ['a slug in another case (the caller lower-cases)', (f) => f.slugA.toUpperCase(), () => null],
  ];
  it.each(cases)('%s', async (_name, slug, expected) => {
    expect(await rows('SELECT workspace_id_by_slug($1)::text AS id', [slug(f)])).toEqual([
      { id: expected(f) },
    ]);
  });
});

describe('message_search', () => {
  const call = 'SELECT id FROM message_search($1, 1, $2, $3, NULL, NULL, NULL, NULL, 20)';
  const cases: [string, (f: Fixture) => unknown[], string, (f: Fixture) => string[] | RegExp][] = [
    ['its own workspace: live messages only', (f) => [f.wsA, [], [f.general]], 'A', (f) => [f.hello]],
    ['only the conversations named', (f) => [f.wsA, [], [f.open]], 'A', () => []],
    [
      'another workspace than the scope',
      (f) => [f.wsB, [], [f.generalB]],
      'A',
      () => /only the current workspace/,
    ],
    ['no scope at all', (f) => [f.wsA, [], [f.general]], '', () => /only the current workspace/],
  ];
  it.each(cases)('%s', async (_name, params, scope, expected) => {
    const settings = { workspaceId: scope ? f.wsA : '' };
    const want = expected(f);
    if (want instanceof RegExp) {
      const err = await failure(call, params(f), settings);
      expect(err?.code).toBe('42501');
      return expect(err?.message).toMatch(want);
    }
    const found = searchHits.parse(await rows(call, params(f), settings));
    expect(found.map((r) => r.id).sort()).toEqual(want.sort());
  });
});

describe('app_current_workspace and app_current_user', () => {
  const cases: [string, { workspaceId?: string; userId?: string }, [string | null, string | null]][] = [
    ['unset or empty: NULL (fail closed)', {}, [null, null]],
    ['set for this transaction', { workspaceId: 'A', userId: 'bob' }, ['A', 'bob']],
  ];
  it.each(cases)('%s', async (_name, s, [ws, user]) => {
    const settings = { workspaceId: s.workspaceId && f.wsA, userId: s.userId && f.bob.userId };
    const found = await rows(
      'SELECT app_current_workspace()::text AS ws, app_current_user() AS u',
      [],
      settings,
    );
    expect(found).toEqual([{ ws: ws && f.wsA, u: user && f.bob.userId }]);
  });
});

describe('audit_refuse_change', () => {
  // As the owner role: the runtime role has no UPDATE or DELETE right on the log to begin with.
  const cases: [string, string, unknown[]][] = [
    ['UPDATE', 'UPDATE audit_event SET action = action WHERE workspace_id = $1', ['A']],
    ['DELETE', 'DELETE FROM audit_event WHERE workspace_id = $1', ['A']],
    ['TRUNCATE', 'TRUNCATE audit_checkpoint, audit_event', []],
  ];
  it.each(cases)('refuses %s of audit entries, for the owner too', async (_name, sql, params) => {
    const err = await failure(
      sql,
      params.length ? [f.wsA] : [],
      { workspaceId: f.wsA },
      ownerUrlForThisFile(),
    );
    expect(err?.message).toBe('audit log is append-only');
  });
});
