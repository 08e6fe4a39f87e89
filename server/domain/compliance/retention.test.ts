import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { conversation, message, workspaceWith } from '../../../test/factories';
import { refusedWith } from '../../../test/widget';

// Retention rules and legal holds through the API: what they read back, and bad input refused
// with a clear error and nothing changed.

const setUp = () => workspaceWith({ member: 1 }, { name: `Rules ${randomUUID().slice(0, 8)}` });

describe('retention rules', () => {
  it('read back with who set them, per channel too, and go back to for ever', async () => {
    const ws = await setUp();
    const legal = await conversation(ws, { kind: 'channel', name: `legal-${randomUUID().slice(0, 6)}` });
    const api = ws.api.compliance;
    expect(await api.retention({ workspaceId: ws.id })).toMatchObject({
      messageDays: null,
      setBy: null,
      channels: [],
      runs: [],
    });
    await api.setRetention({ workspaceId: ws.id, messageDays: 90 });
    const after = await api.setChannelRetention({
      workspaceId: ws.id,
      conversationId: legal.id,
      messageDays: null,
    });
    expect(after).toMatchObject({
      messageDays: 90,
      setBy: { id: ws.owner.userId, name: ws.owner.name },
      channels: [{ conversationId: legal.id, messageDays: null, setBy: { id: ws.owner.userId } }],
    });
    expect(after.channels[0]?.name).toMatch(/^#legal-/);
    const cleared = await api.setRetention({ workspaceId: ws.id, messageDays: null });
    expect(cleared).toMatchObject({ messageDays: null, setBy: null });
    expect(cleared.channels).toHaveLength(1);
  });

  it('refuse days out of range, other conversations than channels, and unknown ones, changing nothing', async () => {
    const ws = await setUp();
    const [member] = ws.member;
    const api = ws.api.compliance;
    for (const messageDays of [0, -3, 1.5, 36_501])
      await refusedWith(api.setRetention({ workspaceId: ws.id, messageDays }), 'BAD_REQUEST');
    const dm = await conversation(ws, { kind: 'direct', members: [member] });
    await refusedWith(
      api.setChannelRetention({ workspaceId: ws.id, conversationId: dm.id, messageDays: 5 }),
      'BAD_REQUEST',
      /Only channels/,
      'VALIDATION',
    );
    await refusedWith(
      api.setChannelRetention({ workspaceId: ws.id, conversationId: randomUUID(), messageDays: 5 }),
      'NOT_FOUND',
    );
    expect(await superQuery('SELECT id FROM retention_rule WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });
});

describe('legal holds', () => {
  it('are listed with what they cover, refused twice, released once, and kept in the history', async () => {
    const ws = await setUp();
    const [member] = ws.member;
    await message(ws, ws.general, { author: member, body: 'on the record' });
    const api = ws.api.compliance;
    const person = await api.placeHold({
      workspaceId: ws.id,
      scope: 'person',
      userId: member.userId,
      reason: 'Claim 7',
    });
    const all = await api.placeHold({ workspaceId: ws.id, scope: 'workspace', reason: 'Regulator' });
    expect(person).toMatchObject({ scope: 'person', covers: `${member.name}'s messages`, reason: 'Claim 7' });
    expect(all).toMatchObject({ scope: 'workspace', covers: 'the whole workspace', releasedAt: null });
    await refusedWith(
      api.placeHold({ workspaceId: ws.id, scope: 'workspace', reason: 'Again' }),
      'CONFLICT',
      /already under a legal hold/,
    );
    expect((await api.holds({ workspaceId: ws.id, released: false })).map((h) => h.id)).toEqual([
      person.id,
      all.id,
    ]);
    const released = await api.releaseHold({ workspaceId: ws.id, holdId: all.id });
    expect(released).toMatchObject({
      releasedBy: { id: ws.owner.userId },
      releasedAt: expect.any(String) as unknown,
    });
    await refusedWith(
      api.releaseHold({ workspaceId: ws.id, holdId: all.id }),
      'CONFLICT',
      /already released/,
    );
    await refusedWith(api.releaseHold({ workspaceId: ws.id, holdId: randomUUID() }), 'NOT_FOUND');
    expect((await api.holds({ workspaceId: ws.id, released: false })).map((h) => h.id)).toEqual([person.id]);
    expect((await api.holds({ workspaceId: ws.id, released: true })).map((h) => h.id)).toEqual([
      all.id,
      person.id,
    ]);
  });

  it('refuse an incomplete or contradictory scope, and people and conversations not in the workspace', async () => {
    const ws = await setUp();
    const other = await setUp();
    const api = ws.api.compliance;
    const bad = [
      { scope: 'conversation', reason: 'x' },
      { scope: 'person', reason: 'x' },
      { scope: 'workspace', conversationId: ws.general.id, reason: 'x' },
      { scope: 'conversation', conversationId: ws.general.id, userId: ws.owner.userId, reason: 'x' },
      { scope: 'workspace', reason: '' },
      { scope: 'everything', reason: 'x' },
    ] as const;
    for (const input of bad)
      await refusedWith(
        api.placeHold({
          workspaceId: ws.id,
          ...(input as unknown as { scope: 'workspace'; reason: string }),
        }),
        'BAD_REQUEST',
      );
    await refusedWith(
      api.placeHold({
        workspaceId: ws.id,
        scope: 'conversation',
        conversationId: other.general.id,
        reason: 'x',
      }),
      'NOT_FOUND',
    );
    await refusedWith(
      api.placeHold({ workspaceId: ws.id, scope: 'person', userId: other.owner.userId, reason: 'x' }),
      'NOT_FOUND',
    );
    expect(await superQuery('SELECT id FROM legal_hold WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });

  it('runs a sweep when an admin asks, and lists the run', async () => {
    const ws = await setUp();
    await ws.api.compliance.setRetention({ workspaceId: ws.id, messageDays: 30 });
    const old = await message(ws, ws.general, { body: 'very old' });
    await superQuery(`UPDATE message SET created_at = now() - interval '31 days' WHERE id = $1`, [old.id]);
    expect(await ws.api.compliance.runRetention({ workspaceId: ws.id })).toEqual({ queued: true });
    let runs: Awaited<ReturnType<typeof ws.api.compliance.retention>>['runs'] = [];
    for (let i = 0; i < 100 && runs[0]?.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      runs = (await ws.api.compliance.retention({ workspaceId: ws.id })).runs;
    }
    expect(runs).toMatchObject([{ status: 'done', expired: 1, deleted: 1, held: 0 }]);
    expect(await superQuery('SELECT id FROM message WHERE id = $1', [old.id])).toEqual([]);
  });
});
