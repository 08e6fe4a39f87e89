import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { atLeast, roles } from '../../shared/roles';
import { apiKeyCaller, callerFor, signUp, type TestUser } from '../../test/actors';
import { cases } from '../../test/matrix/cases';
import { buildFixture, type Fixture } from '../../test/matrix/fixture';
import { snapshot } from '../../test/matrix/snapshot';
import { useTestServer } from '../../test/server';
import { appRouter } from './root';

type AnyCaller = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

const procedures = Object.keys(appRouter._def.procedures).sort();
const scoped = Object.entries(cases).filter(([, c]) => c.minRole !== null);
const REFUSED = ['FORBIDDEN', 'NOT_FOUND', 'UNAUTHORIZED'];

let f: Fixture;
beforeAll(async () => {
  f = await buildFixture('iso');
});
const app = useTestServer();

async function call(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const [router, proc] = path.split('.') as [string, string];
  const fn = (caller as AnyCaller)[router]?.[proc];
  if (!fn) throw new Error(`no procedure ${path}`);
  return fn(input);
}

/** The call must be refused with one of `codes`, and nothing may come back. */
async function expectRefused(run: () => Promise<unknown>, codes = REFUSED, label = '') {
  let result: unknown;
  try {
    result = await run();
  } catch (e) {
    expect(e, label).toBeInstanceOf(TRPCError);
    expect(codes, `${label}: ${(e as TRPCError).code} ${(e as Error).message}`).toContain(
      (e as TRPCError).code,
    );
    return;
  }
  throw new Error(`${label}: expected a refusal, got ${JSON.stringify(result)?.slice(0, 200)}`);
}

/** Roles below the case's minimum that are members of A. */
const weakerRoles = (min: NonNullable<(typeof cases)[string]['minRole']>) =>
  roles.filter((r) => r !== 'owner' && !atLeast(r, min));
/** A's visitor is refused where A's guest is, and wherever the gate does not admit visitors. */
const visitorARefused = (c: (typeof cases)[string]) =>
  c.allowed?.(f) !== f.visitorA &&
  (!c.visitor || weakerRoles(c.minRole!).includes('guest') || (c.alsoRefused?.(f) ?? []).includes(f.guestA));
const userOfRole = (r: string): TestUser =>
  ({ admin: f.adminA, moderator: f.moderatorA, member: f.memberA, guest: f.guestA })[r] ?? f.guestA;

// Each refusal sweep is one test of some 1,500 calls in sequence: a minute is not slow, on a
// loaded machine, and the default 30 s was reached once.
const SWEEP_MS = 120_000;

describe('isolation matrix (tRPC)', () => {
  it('has a case for every procedure of the app router', () => {
    expect(procedures).toEqual(Object.keys(cases).sort());
  });

  it(
    'refuses every workspace procedure on A to outsiders, removed members, weaker roles, widget visitors, anonymous callers and foreign keys, and changes nothing',
    async () => {
      const before = await snapshot(f.a.id);
      for (const [path, c] of scoped) {
        const input = c.input(f, f.a.id);
        const outsiders: [string, Promise<unknown>][] = [
          ['owner of B', callerFor(f.ownerB)],
          ['removed member', callerFor(f.removedA)],
          ['anonymous', callerFor(null)],
          ['API key of B', apiKeyCaller(f.keyB)],
          ['widget visitor of B', callerFor(f.visitorB)],
        ];
        if (visitorARefused(c)) outsiders.push(['widget visitor of A', callerFor(f.visitorA)]);
        if (c.keyScope !== 'workspace:read')
          outsiders.push(['read-only key of A', apiKeyCaller(f.keyAReadOnly)]);
        for (const r of weakerRoles(c.minRole!)) outsiders.push([`${r} of A`, callerFor(userOfRole(r))]);
        for (const u of c.alsoRefused?.(f) ?? [])
          outsiders.push([`${u.name} (outside the object)`, callerFor(u)]);
        for (const [who, caller] of outsiders) {
          await expectRefused(async () => call(await caller, path, input), REFUSED, `${path} as ${who}`);
        }
      }
      expect(await snapshot(f.a.id)).toEqual(before);
    },
    SWEEP_MS,
  );

  it('keeps the procedures without a workspace to signed-in people, and to their own data', async () => {
    const anon = await callerFor(null);
    const key = await apiKeyCaller(f.keyB);
    for (const [path, c] of Object.entries(cases).filter(([, c]) => c.minRole === null && !c.public)) {
      await expectRefused(() => call(anon, path, c.input(f, f.a.id)), ['UNAUTHORIZED'], `${path} anonymous`);
      await expectRefused(
        () => call(key, path, c.input(f, f.a.id)),
        ['UNAUTHORIZED'],
        `${path} with an API key`,
      );
    }
    const mineB = await (await callerFor(f.ownerB)).workspace.listMine();
    expect(mineB.map((w) => w.id)).toEqual([f.b.id]);
    const mineRemoved = await (await callerFor(f.removedA)).workspace.listMine();
    expect(mineRemoved).toEqual([]);

    // An invitation token names its workspace: pointing A's token at B finds nothing.
    const forged = f.invitationA.token.replace(f.a.id.replace(/-/g, ''), f.b.id.replace(/-/g, ''));
    expect(forged).not.toBe(f.invitationA.token);
    const ownerB = await callerFor(f.ownerB);
    await expectRefused(() => call(ownerB, 'member.accept', { token: forged }), ['NOT_FOUND']);
    // A used token is refused; the bound role is the one given.
    const newcomer = await signUp('Newcomer iso');
    const joined = await (await callerFor(newcomer)).member.accept({ token: f.invitationA.token });
    expect(joined).toMatchObject({ workspaceId: f.a.id, role: 'member' });
    await expectRefused(() => call(ownerB, 'member.accept', { token: f.invitationA.token }), ['NOT_FOUND']);
  });
});

describe('isolation matrix (REST)', () => {
  interface Op {
    method: string;
    path: string;
    operationId: string;
  }
  let ops: Op[] = [];

  beforeAll(async () => {
    const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
      })),
    );
  });

  function request(op: Op, input: Record<string, unknown> | undefined, headers: Record<string, string>) {
    const rest = { ...input };
    const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const v = String(rest[name]);
      delete rest[name];
      return encodeURIComponent(v);
    });
    const inQuery = op.method === 'GET' || op.method === 'DELETE';
    const qs = inQuery
      ? new URLSearchParams(Object.entries(rest).map(([k, v]) => [k, String(v)])).toString()
      : '';
    return fetch(`${app.url}/api/v1${path}${qs ? `?${qs}` : ''}`, {
      method: op.method,
      headers: { ...headers, ...(inQuery ? {} : { 'content-type': 'application/json' }) },
      body: inQuery ? undefined : JSON.stringify(rest),
    });
  }

  it('has a case for every REST operation', () => {
    const procs = ops.map((o) => o.operationId.replace('-', '.')).sort();
    expect(procs).toEqual(Object.keys(cases).sort());
  });

  it(
    'refuses every workspace route on A to outsiders, removed members, weaker roles, widget visitors and anonymous callers, with a typed error and no data',
    async () => {
      const before = await snapshot(f.a.id);
      const secrets = [f.a.name, f.adminA.email, f.memberA.email, f.guestA.email, 'fixture message'];
      for (const op of ops) {
        const c = cases[op.operationId.replace('-', '.')]!;
        if (c.minRole === null) continue;
        const callers: [string, Record<string, string>][] = [
          ['owner of B', { authorization: `Bearer ${f.ownerB.token}` }],
          ['removed member', { authorization: `Bearer ${f.removedA.token}` }],
          ['anonymous', {}],
          ['API key of B', { 'x-api-key': f.keyB }],
          ['widget visitor of B', { authorization: `Bearer ${f.visitorB.token}` }],
        ];
        if (visitorARefused(c))
          callers.push(['widget visitor of A', { authorization: `Bearer ${f.visitorA.token}` }]);
        for (const r of weakerRoles(c.minRole))
          callers.push([`${r} of A`, { authorization: `Bearer ${userOfRole(r).token}` }]);
        for (const u of c.alsoRefused?.(f) ?? [])
          callers.push([`${u.name} (outside the object)`, { authorization: `Bearer ${u.token}` }]);
        for (const [who, headers] of callers) {
          const res = await request(op, c.input(f, f.a.id), headers);
          const text = await res.text();
          const label = `${op.method} ${op.path} as ${who}: ${res.status} ${text.slice(0, 160)}`;
          expect([401, 403, 404], label).toContain(res.status);
          const body = JSON.parse(text) as { code?: string; data?: { appCode?: string } };
          expect(body.data?.appCode, label).toMatch(/^(UNAUTHORIZED|FORBIDDEN|NOT_FOUND)$/);
          for (const s of secrets) expect(text, label).not.toContain(s);
        }
      }
      expect(await snapshot(f.a.id)).toEqual(before);
    },
    SWEEP_MS,
  );
});

describe('positive control', () => {
  it('accepts every workspace procedure from an allowed caller with the same inputs (so the refusals above are about who, not what)', async () => {
    // The matrix consumed A's invitation; a fresh one for revokeInvitation.
    const owner = await callerFor(f.ownerA);
    const inv = await owner.member.invite({ workspaceId: f.a.id, role: 'member' });
    f.invitationA = { id: inv.id, token: inv.token };
    for (const [path, c] of scoped) {
      const who = c.allowed?.(f) ?? f.ownerA;
      await expect(call(await callerFor(who), path, c.input(f, f.a.id)), path).resolves.toBeDefined();
    }
  });
});
