import { describe, expect, it } from 'vitest';
import { conversation, workspaceWith } from '../../../test/factories';
import { collect, connect, joinConversation } from '../../../test/sockets';
import { useTestServer } from '../../../test/server';
import { TYPING_TTL_MS } from './service';

const app = useTestServer();

describe('typing indicators', () => {
  it('reach the other people in the conversation once per burst, expire, and never echo to the typist', async () => {
    const ws = await workspaceWith({ member: ['Typer friend'] }, { name: 'Typing', owner: 'Typer owner' });
    const { owner, general } = ws;
    const [friend] = ws.member;
    const ref = { workspaceId: ws.id, conversationId: general.id };

    const typist = await connect(app.url, { token: owner.token });
    const typistOtherTab = await connect(app.url, { token: owner.token });
    const reader = await connect(app.url, { token: friend.token });
    for (const s of [typist, typistOtherTab, reader]) await joinConversation(s, ref);
    const seen = collect(reader, 'typing', 900);
    const echoed = collect(typistOtherTab, 'typing', 900);
    const before = Date.now();
    const first: unknown = await typist.emitWithAck('typing', ref);
    const second: unknown = await typist.emitWithAck('typing', ref);
    expect(first).toMatchObject({ ok: true, data: { broadcast: true } });
    expect(second).toMatchObject({ ok: true, data: { broadcast: false } });
    const got = await seen;
    expect(got.map((p) => p.userId)).toEqual([owner.userId]);
    const expires = Date.parse(got[0]!.expiresAt) - before;
    expect(expires).toBeGreaterThanOrEqual(TYPING_TTL_MS - 50);
    expect(expires).toBeLessThanOrEqual(TYPING_TTL_MS + 2000);
    expect(await echoed).toEqual([]);
  });

  it('is refused to viewers who have not joined a public channel', async () => {
    const ws = await workspaceWith({ member: ['Viewer'] }, { name: 'Viewing', owner: 'Viewer owner' });
    const [viewer] = ws.member;
    const pub = await conversation(ws, { kind: 'channel', name: 'announcements' });
    const s = await connect(app.url, { token: viewer.token });
    const ref = { workspaceId: ws.id, conversationId: pub.id };
    expect(await s.emitWithAck('channel:join', ref)).toMatchObject({ ok: true, data: { access: 'viewer' } });
    expect(await s.emitWithAck('typing', ref)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
