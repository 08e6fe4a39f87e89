import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/factories';
import { restOn } from '../../../test/http';
import { useNodes, useRedis } from '../../../test/nodes';
import { connect, sendOn } from '../../../test/sockets';

// Erasure on two nodes sharing one Redis: the person's key, cached by both (each took a message
// of theirs), is forgotten by both, and their sockets on both are out of the workspace.

const redis = useRedis();
const [a, b] = useNodes(redis, ['erase-a', 'erase-b']);

async function until(check: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('erasure on several nodes', () => {
  it('drops the destroyed key from every node and shuts the person out on both', async () => {
    const ws = await workspaceWith({ member: 1 }, { name: `Erase nodes ${randomUUID().slice(0, 8)}` });
    const [person] = ws.member;
    const ref = { workspaceId: ws.id, conversationId: ws.general.id };
    const onA = await connect(a.url, { token: person.token });
    const onB = await connect(b.url, { token: person.token });
    // The first send makes the key (a key made in a transaction is not cached); later ones cache it.
    for (const [c, n] of [
      [onA, 'A'],
      [onB, 'B'],
      [onA, 'A again'],
      [onB, 'B again'],
    ] as const)
      expect((await sendOn(c, ref, `through ${n}`)).ok).toBe(true);
    const cached = (node: typeof a) => node.runtime.keys.ring.persons?.cached(ws.id, person.userId);
    expect([cached(a), cached(b)].every((k) => k !== undefined)).toBe(true);

    const r = await restOn(a, ws.owner.token, 'POST', `/workspaces/${ws.id}/compliance/erasures`, {
      userId: person.userId,
    });
    expect(r.status).toBe(200);
    await until(() => cached(a) === undefined && cached(b) === undefined, 'both nodes forgot the key');
    const inWorkspace = async (node: typeof a) => {
      const sockets = await node.realtime.io.in(`user:${person.userId}`).fetchSockets();
      return sockets.some((s) => s.rooms.has(`ws:${ws.id}`));
    };
    await until(
      async () => !(await inWorkspace(a)) && !(await inWorkspace(b)),
      'both sockets left the workspace',
    );
    const after = await sendOn(onB, ref, 'after erasure');
    expect(after.ok).toBe(false);
  });
});
