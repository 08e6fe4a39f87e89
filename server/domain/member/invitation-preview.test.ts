import { describe, expect, it } from 'vitest';
import { callerFor, signUp } from '../../../test/actors';
import { superQuery } from '../../../test/db';
import { workspaceWith } from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { refusedWith } from '../../../test/widget';

useTestServer();

describe('invitation preview', () => {
  it('tells the link’s holder who invited them to which workspace with which role, and its state', async () => {
    const ws = await workspaceWith({}, { name: 'Preview Co', owner: 'Ines Inviter' });
    const inv = await ws.api.member.invite({ workspaceId: ws.id, role: 'moderator' });
    const invitee = await callerFor(await signUp('Ivo Invitee'));
    expect(await invitee.member.invitation({ token: inv.token })).toMatchObject({
      workspaceName: 'Preview Co',
      role: 'moderator',
      invitedBy: 'Ines Inviter',
      email: null,
      state: 'open',
    });
    await invitee.member.accept({ token: inv.token });
    expect(await invitee.member.invitation({ token: inv.token })).toMatchObject({ state: 'used' });

    const late = await ws.api.member.invite({ workspaceId: ws.id, role: 'member' });
    await superQuery(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      late.id,
    ]);
    expect(await invitee.member.invitation({ token: late.token })).toMatchObject({ state: 'expired' });
  });

  it('reads revoked, malformed and foreign tokens as not found, and needs a signed-in caller', async () => {
    const ws = await workspaceWith({}, { name: 'Preview revoked' });
    const inv = await ws.api.member.invite({ workspaceId: ws.id, role: 'member' });
    const someone = await callerFor(await signUp('Sol Someone'));
    await refusedWith((await callerFor(null)).member.invitation({ token: inv.token }), 'UNAUTHORIZED');
    await ws.api.member.revokeInvitation({ workspaceId: ws.id, invitationId: inv.id });
    await refusedWith(someone.member.invitation({ token: inv.token }), 'NOT_FOUND');
    await refusedWith(someone.member.invitation({ token: 'inv_not-a-real-token-at-all' }), 'NOT_FOUND');
    // A real invitation's secret with another workspace's id names nothing.
    const other = await workspaceWith({}, { name: 'Preview other' });
    const theirs = await other.api.member.invite({ workspaceId: other.id, role: 'member' });
    const forged = theirs.token.replace(other.id.replaceAll('-', ''), ws.id.replaceAll('-', ''));
    expect(forged).not.toBe(theirs.token);
    await refusedWith(someone.member.invitation({ token: forged }), 'NOT_FOUND');
  });
});
