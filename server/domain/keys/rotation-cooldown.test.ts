import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { setEnvForProcess } from '../../env';
import { superQuery } from '../../../test/db';
import { superUrlForThisFile } from '../../../test/setup/db';
import { message, workspaceWith } from '../../../test/factories';
import { authHeader, trpcHttp } from '../../../test/http';
import { useTestServer } from '../../../test/server';

const app = useTestServer();

const keyRows = async (workspaceId: string) =>
  (
    await superQuery<{ version: number }>(
      'SELECT version FROM workspace_key WHERE workspace_id = $1 ORDER BY version',
      [workspaceId],
    )
  ).map((k) => k.version);

async function workspaceWithMessages(n: number) {
  const ws = await workspaceWith({}, { name: 'Rotations', owner: 'Rotation owner' });
  for (let i = 0; i < n; i++) await message(ws, ws.general, { body: `message ${i}` });
  return { owner: ws.owner, api: ws.api, workspaceId: ws.id };
}

describe('key rotation limits', () => {
  it('allows one rotation at a time: a second while re-encryption runs is CONFLICT and adds nothing', async () => {
    setEnvForProcess({ KEY_ROTATION_MIN_INTERVAL_SECONDS: '0' });
    const { api, workspaceId } = await workspaceWithMessages(3);
    // A writer holds one message: the re-encryption cannot finish until it lets go.
    const writer = new pg.Client({ connectionString: superUrlForThisFile() });
    await writer.connect();
    await writer.query('BEGIN');
    await writer.query('SELECT id FROM message WHERE workspace_id = $1 LIMIT 1 FOR UPDATE', [workspaceId]);
    try {
      await api.workspace.rotateKey({ workspaceId });
      const again = await Promise.allSettled(
        Array.from({ length: 5 }, () => api.workspace.rotateKey({ workspaceId })),
      );
      expect(
        again.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok')),
      ).toEqual(Array(5).fill('CONFLICT'));
      expect(String((again[0] as PromiseRejectedResult).reason)).toMatch(
        /in progress \([0-3] of 4 rows re-encrypted/,
      );
      expect(await keyRows(workspaceId)).toEqual([1, 2]);
    } finally {
      await writer.query('COMMIT');
      await writer.end();
    }
    // Once it has finished, the next one may start.
    for (let i = 0; i < 200; i++) {
      const [top] = await api.workspace.keys({ workspaceId });
      if (top?.rotation?.finishedAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await api.workspace.rotateKey({ workspaceId });
    expect(await keyRows(workspaceId)).toEqual([1, 2, 3]);
  });

  it('holds admins to the minimum interval between rotations, with Retry-After over HTTP', async () => {
    setEnvForProcess({ KEY_ROTATION_MIN_INTERVAL_SECONDS: '3600' });
    const { owner, api, workspaceId } = await workspaceWithMessages(0);
    // The first rotation of a workspace is not held back by the key it was created with.
    await api.workspace.rotateKey({ workspaceId });
    const res = await trpcHttp(
      app.url,
      'workspace.rotateKey',
      { workspaceId },
      { headers: authHeader(owner) },
    );
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(3500);
    expect(retry).toBeLessThanOrEqual(3600);
    const body = (await res.json()) as { error: { message: string; data: { appCode: string } } };
    expect(body.error.data.appCode).toBe('TOO_MANY_REQUESTS');
    expect(body.error.message).toMatch(/once every 1 h/);
    // REST answers the same way.
    const rest = await fetch(`${app.url}/api/v1/workspaces/${workspaceId}/keys/rotate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
      body: '{}',
    });
    expect(rest.status).toBe(429);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await keyRows(workspaceId)).toEqual([1, 2]);
  });
});
