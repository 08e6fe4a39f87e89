import { APIError } from 'better-auth/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, signUp, testMeta, type TestUser } from '../../../test/actors';
import { testRuntime } from '../../../test/runtime';

type Caller = Awaited<ReturnType<typeof callerFor>>;

let alice: TestUser;
let bob: TestUser;
let a: Caller;
let wsId = '';
const aliceMeta = testMeta({ ip: '203.0.113.7', userAgent: 'AliceBrowser/1.0', requestId: 'req-alice-1' });

/** Every entry, newest first, by following the cursor with the given page size. */
async function allPages(input: { action?: string; actorId?: string }, limit: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await a.audit.list({ workspaceId: wsId, ...input, limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((e) => e.seq));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('cursor never ended');
}

beforeAll(async () => {
  [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
  a = await callerFor(alice, aliceMeta);
  const ws = await a.workspace.create({ name: 'Audited' });
  wsId = ws.id;
  for (const role of ['member', 'guest', 'moderator'] as const) {
    await a.member.invite({ workspaceId: wsId, role });
  }
  const inv = await a.member.invite({ workspaceId: wsId, role: 'member' });
  const b = await callerFor(
    bob,
    testMeta({ ip: '198.51.100.9', userAgent: 'BobAgent', requestId: 'req-bob' }),
  );
  await b.member.accept({ token: inv.token });
  await a.member.changeRole({ workspaceId: wsId, userId: bob.userId, role: 'admin' });
});

describe('audit.list', () => {
  it('carries actor, action, target, IP, user agent, request id and time on each entry', async () => {
    const { items } = await a.audit.list({ workspaceId: wsId, action: 'member.role_change' });
    expect(items).toHaveLength(1);
    const e = items[0]!;
    expect(e).toMatchObject({
      actorType: 'user',
      actorId: alice.userId,
      action: 'member.role_change',
      targetType: 'user',
      targetId: bob.userId,
      ip: '203.0.113.7',
      userAgent: 'AliceBrowser/1.0',
      requestId: 'req-alice-1',
      data: { from: 'member', to: 'admin' },
    });
    expect(new Date(e.createdAt).toISOString()).toBe(e.createdAt);
    expect(Date.now() - Date.parse(e.createdAt)).toBeLessThan(60_000);
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('filters by action and by actor', async () => {
    const invites = await a.audit.list({ workspaceId: wsId, action: 'member.invite' });
    expect(invites.items.map((e) => [e.action, e.data])).toEqual([
      ['member.invite', { role: 'member', email: null }],
      ['member.invite', { role: 'moderator', email: null }],
      ['member.invite', { role: 'guest', email: null }],
      ['member.invite', { role: 'member', email: null }],
    ]);
    const byBob = await a.audit.list({ workspaceId: wsId, actorId: bob.userId });
    expect(byBob.items.map((e) => [e.action, e.actorId, e.ip, e.requestId])).toEqual([
      ['member.join', bob.userId, '198.51.100.9', 'req-bob'],
    ]);
    const both = await a.audit.list({ workspaceId: wsId, actorId: bob.userId, action: 'member.invite' });
    expect(both.items).toEqual([]);
  });

  it('pages newest first by cursor, without overlap or gap', async () => {
    const total = await testRuntime().db.admin.auditEvent.count({ where: { workspaceId: wsId } });
    const everything = Array.from({ length: total }, (_, i) => String(total - i));
    expect(await allPages({}, 100)).toEqual(everything);
    expect(await allPages({}, 3)).toEqual(everything);
    expect(await allPages({}, 1)).toEqual(everything);
    // Filtered pages continue within the filter.
    const invites = (await a.audit.list({ workspaceId: wsId, action: 'member.invite' })).items.map(
      (e) => e.seq,
    );
    expect(await allPages({ action: 'member.invite' }, 2)).toEqual(invites);
  });

  it('answers a malformed or out-of-range cursor with BAD_REQUEST, never a server error', async () => {
    for (const cursor of ['abc', '-1', '0', '1.5', '99999999999999999999999']) {
      await expect(a.audit.list({ workspaceId: wsId, cursor }), cursor).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
    // The largest sequence PostgreSQL can store is a valid cursor: it starts from the newest entry.
    const page = await a.audit.list({ workspaceId: wsId, cursor: '9223372036854775807', limit: 1 });
    expect(page.items).toHaveLength(1);
  });

  it('filters by time and refuses a reversed range with a field error', async () => {
    const { items } = await a.audit.list({ workspaceId: wsId });
    const first = items.at(-1)?.createdAt ?? '';
    const onlyFirst = await a.audit.list({ workspaceId: wsId, to: new Date(first) });
    expect(onlyFirst.items.every((e) => e.createdAt <= first)).toBe(true);
    expect(onlyFirst.items.map((e) => e.seq)).toContain('1');
    const future = await a.audit.list({ workspaceId: wsId, from: new Date(Date.now() + 60_000) });
    expect(future.items).toEqual([]);
    await expect(
      a.audit.list({ workspaceId: wsId, from: new Date(), to: new Date(Date.now() - 1000) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('what gets audited', () => {
  it('keeps the sequence gap-free under 20 concurrent appends, and the chain verifies', async () => {
    const carol = await signUp('Carol');
    const c = await callerFor(carol);
    const ws = await c.workspace.create({ name: 'Busy' });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        c.member.invite({ workspaceId: ws.id, role: 'guest', email: `g${i}@x.test` }),
      ),
    );
    const rows = await testRuntime().db.admin.auditEvent.findMany({
      where: { workspaceId: ws.id },
      orderBy: { seq: 'asc' },
      select: { seq: true, action: true },
    });
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(rows.filter((r) => r.action === 'member.invite')).toHaveLength(20);
    expect(await c.audit.verify({ workspaceId: ws.id })).toMatchObject({ ok: true, checked: 21 });
  });

  it('records an authorization failure: a member calling an admin procedure', async () => {
    const dan = await signUp('Dan');
    const inv = await a.member.invite({ workspaceId: wsId, role: 'member' });
    const d = await callerFor(dan, testMeta({ ip: '192.0.2.44', requestId: 'req-dan' }));
    await d.member.accept({ token: inv.token });
    await expect(d.member.invite({ workspaceId: wsId, role: 'guest' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(d.audit.list({ workspaceId: wsId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const denied = await a.audit.list({ workspaceId: wsId, action: 'authz.denied', actorId: dan.userId });
    expect(denied.items.map((e) => [e.data, e.ip, e.requestId])).toEqual([
      [{ procedure: 'audit.list' }, '192.0.2.44', 'req-dan'],
      [{ procedure: 'member.invite' }, '192.0.2.44', 'req-dan'],
    ]);
    // Nothing the refused call would have written is there.
    const invites = await a.audit.list({ workspaceId: wsId, action: 'member.invite', actorId: dan.userId });
    expect(invites.items).toEqual([]);
  });

  it('writes nothing when the change it would record fails', async () => {
    const before = await testRuntime().db.admin.auditEvent.count({ where: { workspaceId: wsId } });
    await expect(
      a.member.changeRole({ workspaceId: wsId, userId: alice.userId, role: 'member' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await testRuntime().db.admin.auditEvent.count({ where: { workspaceId: wsId } })).toBe(before);
  });

  it('records sign-in success and failure in the workspaces of the account', async () => {
    const headers = new Headers({
      'user-agent': 'SignInAgent',
      'x-request-id': 'req-sign-in',
      'x-enclave-client-ip': '203.0.113.50',
    });
    await testRuntime().auth.api.signInEmail({ body: { email: bob.email, password: bob.password }, headers });
    await expect(
      testRuntime().auth.api.signInEmail({ body: { email: bob.email, password: 'wrong-password' }, headers }),
    ).rejects.toBeInstanceOf(APIError);
    const entries = await a.audit.list({ workspaceId: wsId, actorId: bob.userId, limit: 2 });
    expect(entries.items.map((e) => [e.action, e.targetId, e.ip, e.userAgent, e.requestId])).toEqual([
      ['auth.sign_in_failed', bob.userId, '203.0.113.50', 'SignInAgent', 'req-sign-in'],
      ['auth.sign_in', bob.userId, '203.0.113.50', 'SignInAgent', 'req-sign-in'],
    ]);
  });

  it('leaves sign-ins out on request, keeping every other entry', async () => {
    const all = await a.audit.list({ workspaceId: wsId, actorId: bob.userId, limit: 100 });
    expect(all.items.some((e) => e.action.startsWith('auth.'))).toBe(true);
    const hidden = await a.audit.list({
      workspaceId: wsId,
      actorId: bob.userId,
      limit: 100,
      hideSignIns: true,
    });
    expect(hidden.items.map((e) => e.seq)).toEqual(
      all.items.filter((e) => !e.action.startsWith('auth.sign_in')).map((e) => e.seq),
    );
    expect(hidden.items.length).toBeGreaterThan(0);
  });
});
