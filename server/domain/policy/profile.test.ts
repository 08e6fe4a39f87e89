import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import {
  join,
  person,
  widgetOn,
  widgetVisitor,
  workspaceWith,
  type TestWorkspace,
} from '../../../test/factories';
import { useTestServer } from '../../../test/server';

// A display name is shown in every workspace of its person: it passes each one's security policy,
// through better-auth's /update-user (the account page's form), before anything is written.

const app = useTestServer();

async function withDomainRule(ws: TestWorkspace, action: 'block' | 'redact' | 'flag') {
  const {
    version,
    updatedAt: _a,
    updatedBy: _b,
    ...policy
  } = await ws.api.admin.policy({ workspaceId: ws.id });
  await ws.api.admin.setPolicy({
    ...policy,
    workspaceId: ws.id,
    expectedVersion: version,
    blockedDomains: { domains: ['evil.example'], action },
  });
}

const rename = (token: string, name: string) =>
  fetch(`${app.url}/api/auth/update-user`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost:3999',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ name }),
  });

const nameOf = async (userId: string) =>
  (await superQuery<{ name: string }>(`SELECT name FROM "user" WHERE id = $1`, [userId]))[0]?.name;
const hits = (workspaceId: string) =>
  superQuery<{ field: string; source: string; rule: string; action: string; user_id: string }>(
    `SELECT field, source, rule, action, user_id FROM policy_hit WHERE workspace_id = $1 ORDER BY id`,
    [workspaceId],
  );
const named = (s: string) => ({ name: `${s} ${randomUUID().slice(0, 6)}` });

describe('display names and the security policy', () => {
  it('refuses a name that a workspace of the person would block or mask, naming that workspace', async () => {
    const calm = await workspaceWith({ member: 1 }, named('Calm'));
    const strict = await workspaceWith({}, named('Strict'));
    const [member] = calm.member;
    await join(strict, member, 'member');
    await withDomainRule(strict, 'redact');
    const before = await nameOf(member.userId);

    const r = await rename(member.token, 'Mia (see evil.example)');
    expect(r.status).toBe(422);
    const body = (await r.json()) as { code?: string; message?: string };
    expect(body.code).toBe('POLICY_BLOCKED');
    expect(body.message).toBe(
      `Not saved: the workspace “${strict.name}” does not allow a link to evil.example in display names.`,
    );
    expect(await nameOf(member.userId)).toBe(before);
    expect(await hits(strict.id)).toEqual([
      {
        field: 'profile.name',
        source: 'domain',
        rule: 'evil.example',
        action: 'block',
        user_id: member.userId,
      },
    ]);
    expect(await hits(calm.id)).toEqual([]);

    // A name that passes every policy is saved.
    expect((await rename(member.token, 'Mia Miller')).status).toBe(200);
    expect(await nameOf(member.userId)).toBe('Mia Miller');
  });

  it('saves a name that a workspace only flags, and records the flag there', async () => {
    const ws = await workspaceWith({ member: 1 }, named('Flagging'));
    const [member] = ws.member;
    await withDomainRule(ws, 'flag');
    expect((await rename(member.token, 'Max of evil.example')).status).toBe(200);
    expect(await nameOf(member.userId)).toBe('Max of evil.example');
    expect(await hits(ws.id)).toEqual([
      {
        field: 'profile.name',
        source: 'domain',
        rule: 'evil.example',
        action: 'flag',
        user_id: member.userId,
      },
    ]);
  });

  it('leaves people outside the workspace alone, and still answers 401 without a session', async () => {
    const ws = await workspaceWith({}, named('Blocking'));
    await withDomainRule(ws, 'block');
    const outsider = await workspaceWith({ member: 1 }, named('Elsewhere'));
    expect((await rename(outsider.member[0].token, 'Olga at evil.example')).status).toBe(200);
    const anonymous = await fetch(`${app.url}/api/auth/update-user`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3999' },
      body: JSON.stringify({ name: 'x at evil.example' }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses to let someone join with a name the workspace would block, and lets them in once renamed', async () => {
    const strict = await workspaceWith({}, named('Gatekept'));
    await withDomainRule(strict, 'block');
    const joiner = await person('Jo of evil.example');
    const { token } = await strict.api.member.invite({ workspaceId: strict.id, role: 'member' });
    await expect(joiner.api.member.accept({ token })).rejects.toThrow(
      `The workspace “${strict.name}” does not allow a link to evil.example in display names. Change your name on your account page, then open the invitation again.`,
    );
    // Nothing joined, the invitation is still good, and the refusal is on record there.
    expect(
      await superQuery(`SELECT 1 FROM member WHERE workspace_id = $1 AND user_id = $2`, [
        strict.id,
        joiner.userId,
      ]),
    ).toEqual([]);
    expect(await hits(strict.id)).toEqual([
      {
        field: 'profile.name',
        source: 'domain',
        rule: 'evil.example',
        action: 'block',
        user_id: joiner.userId,
      },
    ]);
    expect((await rename(joiner.token, 'Jo Newname')).status).toBe(200);
    await expect(joiner.api.member.accept({ token })).resolves.toMatchObject({ workspaceId: strict.id });
  });

  it('gives a widget visitor their anonymous name when the host names them with what the policy refuses or masks', async () => {
    const ws = await workspaceWith({}, named('Widget names'));
    await withDomainRule(ws, 'redact');
    const secret = await widgetOn(ws, { anonymous: false });
    const sub = `host-${randomUUID()}`;
    const first = await widgetVisitor(ws, { secret, claims: { sub, name: 'Ann from evil.example' } });
    expect(first.name).toMatch(/^Visitor [0-9A-F]{4}$/);
    expect(await nameOf(first.userId)).toBe(first.name);
    expect(await hits(ws.id)).toEqual([
      {
        field: 'profile.name',
        source: 'domain',
        rule: 'evil.example',
        action: 'block',
        user_id: first.userId,
      },
    ]);
    // The same visitor under a clean name gets it; a flagged name is kept (and recorded).
    expect((await widgetVisitor(ws, { secret, claims: { sub, name: 'Ann Lee' } })).name).toBe('Ann Lee');
    await withDomainRule(ws, 'flag');
    const flagged = await widgetVisitor(ws, { secret, claims: { sub, name: 'Ann (evil.example)' } });
    expect(flagged.name).toBe('Ann (evil.example)');
    expect((await hits(ws.id)).map((h) => h.action)).toEqual(['block', 'flag']);
  });
});
