import { describe, expect, it } from 'vitest';
import { bearer } from '../../test/actors';
import { join, workspaceWith } from '../../test/factories';
import { testRuntime } from '../../test/runtime';

// A person's own name and avatar colour (better-auth's /update-user) are shown in every workspace
// they belong to: each change is audited in each of them, naming the fields, never the values.
const update = (token: string, body: Record<string, unknown>) =>
  testRuntime().auth.api.updateUser({ body, headers: bearer(token) });

describe('profile changes in the audit log', () => {
  it('writes profile.updated to every workspace of the person, with the fields that changed', async () => {
    const home = await workspaceWith({ member: ['Rita Renamed'] }, { name: 'Home', owner: 'Hana' });
    const away = await workspaceWith({}, { name: 'Away', owner: 'Otto' });
    const [rita] = home.member;
    await join(away, rita, 'member');
    const entries = async (ws: { id: string; api: typeof home.api }) =>
      (await ws.api.audit.list({ workspaceId: ws.id })).items.filter(
        (e) => e.action === 'profile.updated' && e.actorId === rita.userId,
      );

    await update(rita.token, { name: 'Rita Corrected' });
    for (const ws of [home, away]) {
      expect(await entries(ws)).toMatchObject([
        { targetType: 'user', targetId: rita.userId, data: { fields: ['name'] } },
      ]);
    }
    // The old and the new name are not in the log: the profile holds the current one.
    const [entry] = await entries(home);
    expect(JSON.stringify(entry)).not.toContain('Rita Renamed');

    await update(rita.token, { avatarColour: 'teal' });
    expect((await entries(away)).map((e) => e.data)).toEqual([
      { fields: ['avatarColour'] },
      { fields: ['name'] },
    ]);

    // Saving what is already there changes nothing, and records nothing.
    await update(rita.token, { name: 'Rita Corrected', avatarColour: 'teal' });
    expect(await entries(home)).toHaveLength(2);
  });
});
