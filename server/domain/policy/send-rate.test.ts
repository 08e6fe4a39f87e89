import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearer, testMeta } from '../../../test/actors';
import { superQuery } from '../../../test/db';
import { supportConversation, widgetOn, widgetVisitor, workspaceWith } from '../../../test/factories';
import { useNodes, useRedis } from '../../../test/nodes';
import { connect, sendOn } from '../../../test/sockets';
import type { Runtime } from '../../runtime';
import { createContext } from '../../trpc/context';
import { createCaller } from '../../trpc/root';

// The security policy's messages per minute, on two nodes sharing one Redis: one budget per person
// and workspace whichever node a send reaches, the new-account limit for young accounts, 429 with
// Retry-After over REST, and one workspace's flood costing another nothing.

const redis = useRedis();
const [a, b] = useNodes(redis, ['rate-a', 'rate-b'], { env: { POLICY_SEND_LIMITS: 'true' } });

const callerOn = async (rt: Runtime, u: { token: string }) =>
  createCaller(await createContext({ rt, headers: bearer(u.token), meta: testMeta() }));

async function team(limits: {
  messagesPerMinute: number;
  newAccountMessagesPerMinute: number;
  newAccountDays?: number;
}) {
  const ws = await workspaceWith({ member: 1 }, { name: `Rate ${randomUUID().slice(0, 8)}` });
  const owner = await callerOn(a.runtime, ws.owner);
  const {
    version,
    updatedAt: _a,
    updatedBy: _b,
    ...policy
  } = await owner.admin.policy({ workspaceId: ws.id });
  await owner.admin.setPolicy({
    ...policy,
    workspaceId: ws.id,
    expectedVersion: version,
    limits: { ...policy.limits, newAccountDays: 3, ...limits },
  });
  return { ws, member: ws.member[0] };
}

const limitHits = (workspaceId: string) =>
  superQuery<{ rule: string; user_id: string }>(
    `SELECT rule, user_id FROM policy_hit WHERE workspace_id = $1 AND source = 'limit'`,
    [workspaceId],
  );
const stored = async (conversationId: string) =>
  Number(
    (
      await superQuery<{ n: string }>(`SELECT count(*) AS n FROM message WHERE conversation_id = $1`, [
        conversationId,
      ])
    )[0]?.n,
  );

describe('messages per minute on two nodes', () => {
  it('500 concurrent sends over both nodes admit exactly the new-account limit of 20', async () => {
    const { ws, member } = await team({ messagesPerMinute: 60, newAccountMessagesPerMinute: 20 });
    const onA = await connect(a.url, { token: member.token });
    const onB = await connect(b.url, { token: member.token });
    const acks = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        sendOn(
          i % 2 ? onB : onA,
          { workspaceId: ws.id, conversationId: ws.general.id },
          `flood ${randomUUID()}`,
        ),
      ),
    );
    const ok = acks.filter((x) => x.ok);
    expect(ok).toHaveLength(20);
    const refused = acks.filter((x) => !x.ok);
    expect(refused).toHaveLength(480);
    for (const r of refused) {
      if (r.ok) continue;
      expect(r.error.code).toBe('TOO_MANY_REQUESTS');
      expect(r.error.message).toMatch(
        /^Slow down: this workspace allows 20 messages a minute from new accounts/,
      );
      expect(r.error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    expect(await stored(ws.general.id)).toBe(20);
    // One offence, recorded once for the security overview.
    expect(await limitHits(ws.id)).toEqual([{ rule: 'newAccountMessagesPerMinute', user_id: member.userId }]);

    // The owner of the same workspace, and a member of another, are not held back by it.
    const other = await workspaceWith({ member: 1 }, { name: `Other ${randomUUID().slice(0, 8)}` });
    const elsewhere = await connect(b.url, { token: other.member[0].token });
    expect(
      await sendOn(
        elsewhere,
        { workspaceId: other.id, conversationId: other.general.id },
        `flood ${randomUUID()}`,
      ),
    ).toMatchObject({ ok: true });
    const owner = await connect(b.url, { token: ws.owner.token });
    expect(
      await sendOn(owner, { workspaceId: ws.id, conversationId: ws.general.id }, `flood ${randomUUID()}`),
    ).toMatchObject({ ok: true });
  });

  it('a widget visitor always has the new-account limit, even where no account counts as new', async () => {
    const { ws } = await team({ messagesPerMinute: 50, newAccountMessagesPerMinute: 2, newAccountDays: 0 });
    const secret = await widgetOn(ws);
    const visitor = await widgetVisitor(ws, { secret });
    const conv = await supportConversation(ws, visitor);
    const onA = await callerOn(a.runtime, visitor);
    const send = () =>
      onA.message.send({
        workspaceId: ws.id,
        conversationId: conv.id,
        clientMsgId: randomUUID(),
        body: `hi ${randomUUID()}`,
      });
    await send();
    await send();
    await expect(send()).rejects.toThrow(
      /^Slow down: this workspace allows 2 messages a minute from new accounts/,
    );
    // The owner, as new an account as the visitor, has the full limit here (newAccountDays is 0).
    const owner = await callerOn(b.runtime, ws.owner);
    for (let i = 0; i < 3; i++)
      await owner.message.send({
        workspaceId: ws.id,
        conversationId: ws.general.id,
        clientMsgId: randomUUID(),
        body: `ok ${randomUUID()}`,
      });
  });

  it('an established account has the full limit, and REST answers 429 with Retry-After', async () => {
    const { ws, member } = await team({ messagesPerMinute: 5, newAccountMessagesPerMinute: 2 });
    await superQuery(`UPDATE "user" SET created_at = now() - interval '10 days' WHERE id = $1`, [
      member.userId,
    ]);
    const post = (node: { url: string }) =>
      fetch(`${node.url}/api/v1/workspaces/${ws.id}/conversations/${ws.general.id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMsgId: randomUUID(), body: `steady ${randomUUID()}` }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(i % 2 ? b : a)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const over = await post(b);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await over.json()) as { message: string; data?: { appCode?: string } };
    expect(body.message).toMatch(
      /^Slow down: this workspace allows 5 messages a minute\. Try again in \d+ s\.$/,
    );
    expect(await stored(ws.general.id)).toBe(5);
    expect((await limitHits(ws.id)).map((h) => h.rule)).toEqual(['messagesPerMinute']);
  });
});
