import { describe, expect, it } from 'vitest';
import { setEnvForProcess } from '../../env';
import { message, workspaceWith } from '../../../test/factories';
import { testRuntime } from '../../../test/runtime';
import { requestRotation } from './rotation';

// Before the keyring exists (it is made on first use): a key is replaced after four encryptions.
setEnvForProcess({ KEY_ROTATE_AFTER_ENCRYPTIONS: '4' });

describe('automatic key rotation', () => {
  it('rotates a key by itself once it has done its share of encryptions, and re-encrypts', async () => {
    const ws = await workspaceWith({}, { name: 'Limit', owner: 'Limit owner' });
    const { general, api } = ws;
    for (let i = 0; i < 4; i++) await message(ws, general, { body: `limit ${i}` });
    let keys = await api.workspace.keys({ workspaceId: ws.id });
    for (let i = 0; i < 50 && !keys[0]?.rotation?.finishedAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      keys = await api.workspace.keys({ workspaceId: ws.id });
    }
    expect(keys.map((k) => k.version)).toEqual([2, 1]);
    expect(keys[0]?.rotation?.finishedAt).toEqual(expect.any(String));
    expect(keys[1]?.encryptions).toBeGreaterThanOrEqual(4);
    // What each key holds now: the rotation moved every message, and the author's key, onto v2.
    expect(keys.map((k) => k.rows)).toEqual([5, 0]);
    const page = await api.message.history({ workspaceId: ws.id, conversationId: general.id });
    expect(page.messages.map((m) => m.body)).toEqual(['limit 0', 'limit 1', 'limit 2', 'limit 3']);
    const log = await api.audit.list({ workspaceId: ws.id });
    expect(log.items.some((e) => e.action === 'key.rotate' && e.actorType === 'system')).toBe(true);
  });
});

describe('automatic key rotation under concurrency', () => {
  it('replaces a key at its limit once, however many sends ask at the same moment', async () => {
    const ws = await workspaceWith({}, { name: 'Many askers', owner: 'Many askers' });
    const { api } = ws;
    // Ten batches crossed the limit of version 1 together: each asks for the rotation after commit.
    await Promise.all(Array.from({ length: 10 }, () => requestRotation(testRuntime(), ws.id, 1)));
    const keys = await api.workspace.keys({ workspaceId: ws.id });
    expect(keys.map((k) => k.version)).toEqual([2, 1]);
    const log = await api.audit.list({ workspaceId: ws.id, action: 'key.rotate' });
    expect(log.items).toHaveLength(1);
  });
});
