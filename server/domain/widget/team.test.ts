import { beforeAll, describe, expect, it } from 'vitest';
import { avatarColourNameOf } from '../../../shared/avatar-colours';
import { superQuery } from '../../../test/db';
import {
  widgetOn,
  widgetVisitor,
  workspaceWith,
  type Person,
  type TestWorkspace,
} from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { connect } from '../../../test/sockets';
import { refusedWith } from '../../../test/widget';

// The widget header's team (widget.team) and the away form (widget.leaveEmail), as a visitor calls
// them: only first names, initials and online flags of staff; the address lands on the visitor record.

const app = useTestServer();
let ws: TestWorkspace<{ member: ['Maya Rivers']; guest: ['Gus Guest'] }>;
let visitor: Person;
let secret: string;
const sub = `team-test-${Date.now()}`;
beforeAll(async () => {
  ws = await workspaceWith({ member: ['Maya Rivers'], guest: ['Gus Guest'] }, { owner: 'Olga Owner' });
  secret = await widgetOn(ws);
  visitor = await widgetVisitor(ws, { secret, claims: { sub, name: 'Vera Visitor' } });
});

const team = () => visitor.api.widget.team({ workspaceId: ws.id });

describe('widget.team', () => {
  it('lists staff only, by first name and initials, and says nobody is online when nobody is', async () => {
    const t = await team();
    expect(t.online).toBe(false);
    expect(t.members.map((m) => m.firstName).sort()).toEqual(['Maya', 'Olga']);
    expect(t.members.find((m) => m.firstName === 'Maya')).toEqual({
      firstName: 'Maya',
      initials: 'MR',
      avatarColour: avatarColourNameOf(ws.member[0].userId),
      online: false,
    });
    // Nothing that identifies anyone: no ids, no full names.
    expect(JSON.stringify(t)).not.toContain(ws.member[0].userId);
    expect(JSON.stringify(t)).not.toContain('Rivers');
  });

  it('is online when a staff member is connected, online ones first; a connected guest does not count', async () => {
    const guest = await connect(app.url, { token: ws.guest[0].token });
    await expect.poll(async () => (await team()).online, { timeout: 2000 }).toBe(false);
    const maya = await connect(app.url, { token: ws.member[0].token });
    await expect.poll(async () => (await team()).online, { timeout: 3000 }).toBe(true);
    const t = await team();
    expect(t.members[0]).toEqual({
      firstName: 'Maya',
      initials: 'MR',
      avatarColour: avatarColourNameOf(ws.member[0].userId),
      online: true,
    });
    expect(t.members.filter((m) => m.online)).toHaveLength(1);
    maya.close();
    guest.close();
  });

  it('carries the colour chosen, or the one from the id for someone who chose none, as in their messages', async () => {
    // A colour the id would not give, so that the choice is what shows.
    const chosen = avatarColourNameOf(ws.owner.userId) === 'teal' ? 'violet' : 'teal';
    await superQuery(`UPDATE "user" SET avatar_colour = $2 WHERE id = $1`, [ws.owner.userId, chosen]);
    const t = await team();
    expect(t.members.find((m) => m.firstName === 'Olga')?.avatarColour).toBe(chosen);
    expect(t.members.find((m) => m.firstName === 'Maya')?.avatarColour).toBe(
      avatarColourNameOf(ws.member[0].userId),
    );
  });

  it('leaves out staff in quarantine', async () => {
    const maya = ws.member[0];
    await ws.api.admin.quarantine({ workspaceId: ws.id, userId: maya.userId, reason: 'drill', minutes: 5 });
    try {
      expect((await team()).members.map((m) => m.firstName)).toEqual(['Olga']);
    } finally {
      await ws.api.admin.releaseQuarantine({ workspaceId: ws.id, userId: maya.userId });
    }
    expect((await team()).members.map((m) => m.firstName).sort()).toEqual(['Maya', 'Olga']);
  });

  it('is for visitors only', async () => {
    await refusedWith(ws.owner.api.widget.team({ workspaceId: ws.id }), 'FORBIDDEN');
  });
});

describe('widget.leaveEmail', () => {
  it('refuses a bad address with a human message and stores a good one on the visitor record', async () => {
    // Input errors are zod's, worded for people (the formatter lists them per field).
    await refusedWith(
      visitor.api.widget.leaveEmail({ workspaceId: ws.id, email: 'not an address' }),
      'BAD_REQUEST',
      /An email address like name@example\.com/,
    );

    expect(await visitor.api.widget.leaveEmail({ workspaceId: ws.id, email: ' vera@host.example ' })).toEqual(
      {
        email: 'vera@host.example',
      },
    );
    const rows = await superQuery<{ email: string | null }>(
      'SELECT email FROM widget_visitor WHERE workspace_id = $1 AND user_id = $2',
      [ws.id, visitor.userId],
    );
    expect(rows).toEqual([{ email: 'vera@host.example' }]);

    // The next session for the same host user, whose token names no email, keeps it.
    const again = await widgetVisitor(ws, { secret, claims: { sub, name: 'Vera Visitor' } });
    expect(again.userId).toBe(visitor.userId);
    const after = await superQuery<{ email: string | null }>(
      'SELECT email FROM widget_visitor WHERE workspace_id = $1 AND user_id = $2',
      [ws.id, visitor.userId],
    );
    expect(after).toEqual([{ email: 'vera@host.example' }]);
  });
});

describe('the public widget config over REST', () => {
  it('is readable from any origin (embed.js checks it on the host page); other routes are not', async () => {
    const res = await fetch(`${app.url}/api/v1/widget/${ws.slug}`, {
      headers: { origin: 'https://shop.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await res.json()) as { allowedOrigins: string[] }).allowedOrigins).toHaveLength(1);
    const missing = await fetch(`${app.url}/api/v1/widget/no-such-workspace`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
    const other = await fetch(`${app.url}/api/v1/workspaces/${ws.id}/members`);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
