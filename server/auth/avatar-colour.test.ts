import { describe, expect, it } from 'vitest';
import { bearer } from '../../test/actors';
import { superQuery } from '../../test/db';
import { workspaceWith } from '../../test/factories';
import { testRuntime } from '../../test/runtime';

// The profile's avatar colour goes through better-auth's /update-user (the call that saves the
// name), validated by the shared schema; others read it from member.list.
const update = (token: string, body: Record<string, unknown>) =>
  testRuntime().auth.api.updateUser({ body, headers: bearer(token) });

const stored = async (userId: string) =>
  (
    await superQuery<{ name: string; avatar_colour: string | null }>(
      'SELECT name, avatar_colour FROM "user" WHERE id = $1',
      [userId],
    )
  )[0];

describe('avatar colour on the profile', () => {
  it('stores a palette colour, shows it to other members, and clears it back to the default', async () => {
    const ws = await workspaceWith({ member: ['Bob'] }, { name: 'Colours', owner: 'Alice' });
    const { owner: alice } = ws;
    const bob = ws.member[0];
    expect((await stored(alice.userId))?.avatar_colour).toBeNull();

    await update(alice.token, { avatarColour: 'teal' });
    expect((await stored(alice.userId))?.avatar_colour).toBe('teal');
    const seen = await bob.api.member.list({ workspaceId: ws.id });
    expect(seen.find((m) => m.userId === alice.userId)?.avatarColour).toBe('teal');
    expect(seen.find((m) => m.userId === bob.userId)?.avatarColour).toBeNull();

    await update(alice.token, { avatarColour: null });
    expect((await stored(alice.userId))?.avatar_colour).toBeNull();
  });

  it('refuses a colour outside the palette in words, and changes nothing sent with it', async () => {
    const ws = await workspaceWith({}, { name: 'Refused', owner: 'Carol' });
    const carol = ws.owner;
    await update(carol.token, { avatarColour: 'rose' });
    for (const bad of ['chartreuse', '#ff0000', 42, 'Teal', { light: '#fff' }]) {
      await expect(update(carol.token, { name: 'Renamed', avatarColour: bad })).rejects.toMatchObject({
        statusCode: 400,
        body: { code: 'VALIDATION_ERROR', message: 'Choose one of the avatar colours offered.' },
      });
    }
    expect(await stored(carol.userId)).toEqual({ name: 'Carol', avatar_colour: 'rose' });
  });
});
