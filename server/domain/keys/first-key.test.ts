import { describe, expect, it } from 'vitest';
import { mintWorkspaceId, withTenant } from '../../db/tenant';
import { appSecrets } from '../../lib/app-secrets';
import { Keyring } from '../../lib/crypto/keyring';
import type { TestUser } from '../../../test/actors';
import { asSuperuser } from '../../../test/db';
import { workspaceWith } from '../../../test/factories';
import { authHeader, trpcHttp } from '../../../test/http';
import { connect } from '../../../test/sockets';
import { useTestServer } from '../../../test/server';
import { bodyBinding } from '../message/view';
import { tableKeyStore, tablePersonKeyStore } from './keyring';
import { testRuntime } from '../../../test/runtime';

const app = useTestServer();

/** message.send over tRPC's HTTP endpoint, as a browser or SDK would call it. */
async function trpcSend(u: TestUser, input: Record<string, unknown>) {
  const res = await trpcHttp(app.url, 'message.send', input, { headers: authHeader(u) });
  return { status: res.status, body: (await res.json()) as { result?: unknown; error?: unknown } };
}

async function freshWorkspace(name: string) {
  const ws = await workspaceWith({}, { name });
  return { owner: ws.owner, api: ws.api, workspaceId: ws.id, conversationId: ws.general.id };
}

/** 50 concurrent sends over tRPC and 50 over sockets; every one must succeed exactly once. */
async function burst(w: Awaited<ReturnType<typeof freshWorkspace>>, tag: string) {
  const sockets = await Promise.all(
    Array.from({ length: 5 }, () => connect(app.url, { token: w.owner.token })),
  );
  const http = Array.from({ length: 50 }, (_, i) =>
    trpcSend(w.owner, {
      workspaceId: w.workspaceId,
      conversationId: w.conversationId,
      clientMsgId: `${tag}-http-${i}`,
      body: `over tRPC ${i}`,
    }),
  );
  const socket = Array.from({ length: 50 }, (_, i) =>
    sockets[i % sockets.length]!.emitWithAck('message:send', {
      workspaceId: w.workspaceId,
      conversationId: w.conversationId,
      clientMsgId: `${tag}-sock-${i}`,
      body: `over a socket ${i}`,
    }),
  );
  const [h, s] = await Promise.all([Promise.all(http), Promise.all(socket)]);
  expect(h.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
  expect(s.filter((r) => !(r as { ok: boolean }).ok)).toEqual([]);
  const rows = await asSuperuser(async (c) => {
    const m = await c.query<{ client_msg_id: string; seq: string; key_version: number }>(
      'SELECT client_msg_id, seq::text AS seq, key_version FROM message m WHERE workspace_id = $1 ORDER BY m.seq',
      [w.workspaceId],
    );
    const k = await c.query<{ version: number }>(
      'SELECT version FROM workspace_key WHERE workspace_id = $1',
      [w.workspaceId],
    );
    return { messages: m.rows, keys: k.rows.map((r) => r.version) };
  });
  // Each send stored exactly once, numbered without gaps, under the workspace's one key.
  expect(new Set(rows.messages.map((m) => m.client_msg_id)).size).toBe(100);
  expect(rows.messages.map((m) => Number(m.seq))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  expect(rows.keys).toEqual([1]);
  expect(new Set(rows.messages.map((m) => m.key_version))).toEqual(new Set([1]));
}

describe("a workspace's first data key", () => {
  it('lets a fresh workspace take 50 concurrent sends over tRPC and 50 over sockets', async () => {
    const w = await freshWorkspace('Fresh burst');
    // The key comes with the workspace, before anyone sends.
    const keys = await asSuperuser((c) =>
      c.query('SELECT version FROM workspace_key WHERE workspace_id = $1', [w.workspaceId]),
    );
    expect(keys.rowCount).toBe(1);
    await burst(w, 'fresh');
  });

  it('is created once when concurrent first uses race for it (a workspace that has none yet)', async () => {
    const w = await freshWorkspace('Keyless burst');
    // As a workspace from before keys came with the workspace: no key until its first send.
    await asSuperuser((c) => c.query('DELETE FROM workspace_key WHERE workspace_id = $1', [w.workspaceId]));
    await burst(w, 'keyless');
  });

  it('never keeps a key from a transaction that rolled back', async () => {
    const w = await freshWorkspace('Rolled back');
    await asSuperuser((c) => c.query('DELETE FROM workspace_key WHERE workspace_id = $1', [w.workspaceId]));
    // The first use creates the key inside a send that is then refused: its transaction rolls back.
    const refused = await trpcSend(w.owner, {
      workspaceId: w.workspaceId,
      conversationId: crypto.randomUUID(),
      clientMsgId: 'rollback-0001',
      body: 'to nowhere',
    });
    expect(refused.status).toBe(404);
    const ok = await trpcSend(w.owner, {
      workspaceId: w.workspaceId,
      conversationId: w.conversationId,
      clientMsgId: 'rollback-0002',
      body: 'kept after a restart',
    });
    expect(ok.status).toBe(200);
    // What was stored decrypts with the stored key alone, as after a restart (a new keyring).
    const ws = mintWorkspaceId(w.workspaceId);
    const restarted = new Keyring(
      appSecrets().masterKey,
      tableKeyStore(testRuntime().tenants),
      undefined,
      tablePersonKeyStore,
    );
    const text = await withTenant(testRuntime().db.app, { workspaceId: ws, userId: null }, async (tx) => {
      const m = await tx.message.findFirstOrThrow({
        where: { workspaceId: ws, clientMsgId: 'rollback-0002' },
      });
      return restarted.decrypt(tx, bodyBinding(ws, m.id), Buffer.from(m.body!));
    });
    expect(text).toBe('kept after a restart');
  });
});
