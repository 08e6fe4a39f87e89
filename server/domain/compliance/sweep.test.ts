import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { conversation, message, workspaceWith } from '../../../test/factories';
import { testRuntime } from '../../../test/runtime';
import { sweepWorkspace } from './sweep';

// The retention sweep with its clock in the test's hands: messages are dated by hand around their
// rule's boundary, the sweep runs "as of" a chosen moment, and what stays is read from the table.

const DAY = 86_400_000;
/** The moment every sweep here counts from. */
const AS_OF = new Date('2026-06-01T12:00:00.000Z');
const at = (ms: number) => new Date(AS_OF.getTime() + ms);

async function dated(id: string, when: Date) {
  await superQuery('UPDATE message SET created_at = $1 WHERE id = $2', [when, id]);
}
const left = async (ids: string[]) =>
  (await superQuery<{ id: string }>('SELECT id FROM message WHERE id = ANY($1::uuid[])', [ids]))
    .map((r) => r.id)
    .sort();

async function setUp(days: number | null) {
  const ws = await workspaceWith({ member: 1 }, { name: `Retention ${randomUUID().slice(0, 8)}` });
  if (days !== null) await ws.api.compliance.setRetention({ workspaceId: ws.id, messageDays: days });
  /** A message in `conv` dated `ms` from AS_OF. */
  const post = async (conv: { id: string }, ms: number, opts: Parameters<typeof message>[2] = {}) => {
    const m = await message(ws, conv, opts);
    await dated(m.id, at(ms));
    return m.id;
  };
  const sweep = (batch = 500, asOf = AS_OF) => sweepWorkspace(testRuntime(), ws.id, asOf, batch);
  return { ws, post, sweep };
}

describe('the retention sweep', () => {
  it('deletes exactly what is past its rule, to the second, and nothing early', async () => {
    const { ws, post, sweep } = await setUp(30);
    const expired = await post(ws.general, -30 * DAY - 1000);
    const boundary = await post(ws.general, -30 * DAY);
    const young = await post(ws.general, -30 * DAY + 1000);
    const result = await sweep();
    expect(result).toMatchObject({ expired: 1, deleted: 1, held: 0 });
    expect(await left([expired, boundary, young])).toEqual([boundary, young].sort());
    // A second later the boundary message has expired too; the young one a second after that.
    expect(await sweep(500, at(1))).toMatchObject({ deleted: 1 });
    expect(await left([boundary, young])).toEqual([young]);
    expect(await sweep(500, at(2000))).toMatchObject({ deleted: 1 });
    expect(await left([young])).toEqual([]);
  });

  it("follows a channel's own rule over the workspace's, and keeps a channel for ever when it says so", async () => {
    const { ws, post, sweep } = await setUp(30);
    const short = await conversation(ws, { kind: 'channel', name: `short-${randomUUID().slice(0, 6)}` });
    const forever = await conversation(ws, { kind: 'channel', name: `keep-${randomUUID().slice(0, 6)}` });
    await ws.api.compliance.setChannelRetention({
      workspaceId: ws.id,
      conversationId: short.id,
      messageDays: 7,
    });
    await ws.api.compliance.setChannelRetention({
      workspaceId: ws.id,
      conversationId: forever.id,
      messageDays: null,
    });
    const week = await post(short, -8 * DAY);
    const kept = await post(forever, -400 * DAY);
    const general = await post(ws.general, -8 * DAY);
    expect(await sweep()).toMatchObject({ deleted: 1 });
    expect(await left([week, kept, general])).toEqual([kept, general].sort());
    // Back to the workspace's rule: the channel's old message goes at the next sweep.
    await ws.api.compliance.setChannelRetention({
      workspaceId: ws.id,
      conversationId: forever.id,
      messageDays: 'inherit',
    });
    expect(await sweep()).toMatchObject({ deleted: 1 });
    expect(await left([kept])).toEqual([]);
  });

  it('never takes a young reply with its old thread, and deletes a thread reply by reply', async () => {
    const { ws, post, sweep } = await setUp(30);
    const root = await post(ws.general, -60 * DAY);
    const oldReply = await post(ws.general, -50 * DAY, { parentId: root });
    const youngReply = await post(ws.general, -DAY, { parentId: root });
    const gone = await post(ws.general, -60 * DAY);
    const goneReply = await post(ws.general, -59 * DAY, { parentId: gone });
    // Two at a time: the replies go before their threads, over several batches.
    const result = await sweep(2);
    expect(result).toMatchObject({ expired: 4, deleted: 3 });
    expect(await left([root, oldReply, youngReply, gone, goneReply])).toEqual([root, youngReply].sort());
    const [parent] = await superQuery<{ reply_count: number }>(
      'SELECT reply_count FROM message WHERE id = $1',
      [root],
    );
    expect(parent?.reply_count).toBe(1);
    const [run] = await superQuery<{ status: string; deleted: number }>(
      'SELECT status, deleted FROM retention_run WHERE id = $1',
      [result?.runId],
    );
    expect(run).toEqual({ status: 'done', deleted: 3 });
  });

  it('leaves what a legal hold covers until it is released, and audits what it deleted', async () => {
    const { ws, post, sweep } = await setUp(1);
    const [member] = ws.member;
    const legal = await conversation(ws, { kind: 'channel', name: `legal-${randomUUID().slice(0, 6)}` });
    const inLegal = await post(legal, -10 * DAY);
    const theirs = await post(ws.general, -10 * DAY, { author: member });
    const other = await post(ws.general, -10 * DAY);
    const onChannel = await ws.api.compliance.placeHold({
      workspaceId: ws.id,
      scope: 'conversation',
      conversationId: legal.id,
      reason: 'Litigation 2026-17',
    });
    const onPerson = await ws.api.compliance.placeHold({
      workspaceId: ws.id,
      scope: 'person',
      userId: member.userId,
      reason: 'Employment claim',
    });
    expect(await sweep()).toMatchObject({ expired: 3, held: 2, deleted: 1 });
    expect(await left([inLegal, theirs, other])).toEqual([inLegal, theirs].sort());

    // A hold on the whole workspace keeps everything, even what another hold no longer does.
    await ws.api.compliance.releaseHold({ workspaceId: ws.id, holdId: onChannel.id });
    const onAll = await ws.api.compliance.placeHold({
      workspaceId: ws.id,
      scope: 'workspace',
      reason: 'Audit',
    });
    expect(await sweep()).toMatchObject({ expired: 2, held: 2, deleted: 0 });
    await ws.api.compliance.releaseHold({ workspaceId: ws.id, holdId: onAll.id });
    await ws.api.compliance.releaseHold({ workspaceId: ws.id, holdId: onPerson.id });
    expect(await sweep()).toMatchObject({ expired: 2, held: 0, deleted: 2 });
    expect(await left([inLegal, theirs])).toEqual([]);

    const actions = await superQuery<{ action: string; actor_type: string }>(
      `SELECT action, actor_type FROM audit_event WHERE workspace_id = $1
         AND (action LIKE 'legal_hold.%' OR action LIKE 'retention.%') ORDER BY seq`,
      [ws.id],
    );
    expect(actions.map((a) => `${a.action}:${a.actor_type}`)).toEqual([
      'retention.update:user',
      'legal_hold.place:user',
      'legal_hold.place:user',
      'retention.sweep:system',
      'legal_hold.release:user',
      'legal_hold.place:user',
      'legal_hold.release:user',
      'legal_hold.release:user',
      'retention.sweep:system',
    ]);
  });

  it('does nothing, and records no run, where no rule can expire anything', async () => {
    const { ws, post, sweep } = await setUp(null);
    const old = await post(ws.general, -3650 * DAY);
    expect(await sweep()).toBeNull();
    expect(await left([old])).toEqual([old]);
    expect(await superQuery('SELECT id FROM retention_run WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });
});
