import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { callerFor, signUp } from '../../../test/actors';
import { workspaceWith } from '../../../test/factories';

describe('workspaces and members', () => {
  it('creates a workspace owned by its creator and lists it among mine', async () => {
    const alice = await signUp('Alice');
    const api = await callerFor(alice);
    const ws = await api.workspace.create({ name: 'Acme Corp' });
    expect(ws).toMatchObject({ name: 'Acme Corp', slug: 'acme-corp', role: 'owner' });
    const mine = await api.workspace.listMine();
    expect(mine.map((w) => w.id)).toEqual([ws.id]);
  });

  it('invites by link; the link works once, for one workspace and one role', async () => {
    const alice = await signUp('Alice');
    const bob = await signUp('Bob');
    const carol = await signUp('Carol');
    const a = await callerFor(alice);
    const ws = await a.workspace.create({ name: 'Links' });
    const inv = await a.member.invite({ workspaceId: ws.id, role: 'moderator' });
    expect(inv.url).toContain(inv.token);

    const joined = await (await callerFor(bob)).member.accept({ token: inv.token });
    expect(joined).toEqual({ workspaceId: ws.id, slug: ws.slug, role: 'moderator' });
    await expect((await callerFor(carol)).member.accept({ token: inv.token })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'This invitation has already been used',
    });
    const members = await a.member.list({ workspaceId: ws.id });
    expect(members.map((m) => [m.name, m.role]).sort()).toEqual([
      ['Alice', 'owner'],
      ['Bob', 'moderator'],
    ]);
  });

  it('refuses an invitation addressed to someone else and an expired or forged one', async () => {
    const alice = await signUp('Alice');
    const bob = await signUp('Bob');
    const a = await callerFor(alice);
    const ws = await a.workspace.create({ name: 'Addressed' });
    const inv = await a.member.invite({ workspaceId: ws.id, role: 'member', email: 'someone@else.test' });
    const b = await callerFor(bob);
    await expect(b.member.accept({ token: inv.token })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const forged = inv.token.slice(0, -4) + 'AAAA';
    await expect(b.member.accept({ token: forged })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await a.member.list({ workspaceId: ws.id })).toHaveLength(1);
  });

  it('protects the last owner from leaving, demotion and removal', async () => {
    const ws = await workspaceWith({ admin: ['Bob'] }, { name: 'Owners', owner: 'Alice' });
    const {
      owner: alice,
      admin: [bob],
    } = ws;
    const a = alice.api;

    await expect(a.member.leave({ workspaceId: ws.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      a.member.changeRole({ workspaceId: ws.id, userId: alice.userId, role: 'admin' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const b = bob.api;
    // An admin cannot touch an owner at all.
    await expect(b.member.remove({ workspaceId: ws.id, userId: alice.userId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    await a.member.changeRole({ workspaceId: ws.id, userId: bob.userId, role: 'owner' });
    await a.member.leave({ workspaceId: ws.id });
    expect((await b.member.list({ workspaceId: ws.id })).map((m) => m.role)).toEqual(['owner']);
  });

  it('reads the role from the database on every call: a demoted admin loses admin rights at once', async () => {
    const ws = await workspaceWith({ admin: ['Bob'] }, { name: 'Demote', owner: 'Alice' });
    const {
      owner: alice,
      admin: [bob],
    } = ws;
    const [a, b] = [alice.api, bob.api];
    await b.member.invite({ workspaceId: ws.id, role: 'member' });
    await a.member.changeRole({ workspaceId: ws.id, userId: bob.userId, role: 'member' });
    await expect(b.member.invite({ workspaceId: ws.id, role: 'member' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('refuses an expired invitation and a revoked one, and adds nobody', async () => {
    const alice = await signUp('Alice');
    const bob = await signUp('Bob');
    const a = await callerFor(alice);
    const ws = await a.workspace.create({ name: 'Expiry' });
    const expired = await a.member.invite({ workspaceId: ws.id, role: 'member' });
    const revoked = await a.member.invite({ workspaceId: ws.id, role: 'member' });
    await superQuery("UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE id = $1", [
      expired.id,
    ]);
    await a.member.revokeInvitation({ workspaceId: ws.id, invitationId: revoked.id });

    const b = await callerFor(bob);
    await expect(b.member.accept({ token: expired.token })).rejects.toMatchObject({
      message: 'This invitation has expired',
    });
    await expect(b.member.accept({ token: revoked.token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await a.member.list({ workspaceId: ws.id })).map((m) => m.userId)).toEqual([alice.userId]);
    expect(await a.member.invitations({ workspaceId: ws.id })).toEqual([]);
  });
});
