import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { widgetOn, widgetVisitor, workspaceWith } from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { connect, joinConversation, sendOn } from '../../../test/sockets';
import { asVisitor, refusedWith } from '../../../test/widget';

// Consent in the widget: where the workspace requires it, a visitor agrees to the host's notice
// before chatting, on every path (opening a conversation, API and socket sends); a changed notice
// asks again; the agreement is recorded and audited.

const app = useTestServer();
const NOTICE = 'We keep this chat for 30 days and never share it.';

async function setUp() {
  const ws = await workspaceWith({}, { name: `Consent ${randomUUID().slice(0, 8)}` });
  await widgetOn(ws, { anonymous: true });
  return ws;
}

describe('consent in the widget', () => {
  it('is refused to nothing, and needs an https link', async () => {
    const ws = await setUp();
    await refusedWith(
      ws.api.widget.update({ workspaceId: ws.id, privacy: { requireConsent: true } }),
      'BAD_REQUEST',
      /Write the privacy notice/,
      'VALIDATION',
    );
    await refusedWith(
      ws.api.widget.update({ workspaceId: ws.id, privacy: { noticeUrl: 'http://shop.example/privacy' } }),
      'BAD_REQUEST',
    );
    const { privacy } = await ws.api.widget.settings({ workspaceId: ws.id });
    expect(privacy).toEqual({ noticeText: '', noticeUrl: null, requireConsent: false });
  });

  it('keeps a visitor from chatting until they agree to the notice in force, and asks again when it changes', async () => {
    const ws = await setUp();
    await ws.api.widget.update({
      workspaceId: ws.id,
      privacy: { noticeText: NOTICE, noticeUrl: 'https://shop.example/privacy', requireConsent: true },
    });
    const config = await (await asVisitor('')).widget.config({ workspace: ws.slug });
    expect(config.privacy).toMatchObject({
      noticeText: NOTICE,
      requireConsent: true,
      notice: expect.any(String) as unknown,
    });
    const visitor = await widgetVisitor(ws, {});
    const v = (await asVisitor(visitor.token)).widget;
    expect((await v.me({ workspaceId: ws.id })).consent).toEqual({
      required: true,
      at: null,
      current: false,
    });
    await refusedWith(
      v.open({ workspaceId: ws.id }),
      'FORBIDDEN',
      /Agree to the privacy notice/,
      'CONSENT_REQUIRED',
    );
    await refusedWith(v.consent({ workspaceId: ws.id, notice: 'an-older-notice' }), 'CONFLICT', /changed/);

    const given = await v.consent({ workspaceId: ws.id, notice: config.privacy.notice });
    expect(given).toMatchObject({ required: true, current: true, at: expect.any(String) as unknown });
    const conv = await v.open({ workspaceId: ws.id });
    const sock = await connect(app.url, { token: visitor.token });
    const ref = { workspaceId: ws.id, conversationId: conv.id };
    await joinConversation(sock, ref);
    expect(await sendOn(sock, ref, 'hello after agreeing')).toMatchObject({ ok: true });

    // A new notice: the old agreement no longer counts, on the socket either.
    await ws.api.widget.update({ workspaceId: ws.id, privacy: { noticeText: `${NOTICE} Updated.` } });
    expect((await v.me({ workspaceId: ws.id })).consent).toMatchObject({ required: true, current: false });
    expect(await sendOn(sock, ref, 'hello again')).toMatchObject({
      ok: false,
      error: { code: 'CONSENT_REQUIRED' },
    });
    const [row] = await superQuery<{ consented_at: Date | null }>(
      'SELECT consented_at FROM widget_visitor WHERE workspace_id = $1 AND user_id = $2',
      [ws.id, visitor.userId],
    );
    expect(row?.consented_at).toBeInstanceOf(Date);
    const audited = await superQuery<{ actor_id: string }>(
      `SELECT actor_id FROM audit_event WHERE workspace_id = $1 AND action = 'widget.consent'`,
      [ws.id],
    );
    expect(audited).toEqual([{ actor_id: visitor.userId }]);
    sock.disconnect();
  });

  it('leaves visitors free to chat where the notice is only shown', async () => {
    const ws = await setUp();
    await ws.api.widget.update({ workspaceId: ws.id, privacy: { noticeText: NOTICE } });
    const visitor = await widgetVisitor(ws, {});
    const v = (await asVisitor(visitor.token)).widget;
    expect((await v.me({ workspaceId: ws.id })).consent).toEqual({
      required: false,
      at: null,
      current: false,
    });
    await expect(v.open({ workspaceId: ws.id })).resolves.toMatchObject({
      id: expect.any(String) as unknown,
    });
  });
});
