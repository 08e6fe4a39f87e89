import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { policyWords } from '../../../shared/policy';
import { superQuery } from '../../../test/db';
import { conversation, workspaceWith, type Caller } from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { collect, connect, joinConversation, nextEvent, sendOn } from '../../../test/sockets';
import { refusedWith } from '../../../test/widget';

// A policy that holds what it would review (threat.hold): flagged messages are not posted but kept
// in the moderation queue; approving posts them as their authors wrote them, discarding drops them.

const app = useTestServer();

/** Flagged by the default policy (IBANs are flagged); the card is masked by it. */
const IBAN = 'DE89 3704 0044 0532 0130 00';
const CARD = '4242 4242 4242 4242';

/** Turns the workspace's holding on or off, the rest of its policy as it is. */
async function holding(ws: { id: string; api: Caller }, hold: boolean) {
  const {
    version,
    updatedAt: _a,
    updatedBy: _b,
    ...rules
  } = await ws.api.admin.policy({ workspaceId: ws.id });
  await ws.api.admin.setPolicy({
    workspaceId: ws.id,
    ...rules,
    expectedVersion: version,
    threat: { ...rules.threat, hold },
  });
}

async function setUp() {
  const ws = await workspaceWith({ moderator: 1, member: 2 }, { name: `Hold ${randomUUID().slice(0, 8)}` });
  await holding(ws, true);
  const [author, reader] = ws.member;
  const general = { workspaceId: ws.id, conversationId: ws.general.id };
  const queue = async () =>
    (await ws.moderator[0].api.moderation.queue({ workspaceId: ws.id, status: 'open' })).items;
  const stored = async (text: string) =>
    (await reader.api.message.history(general)).messages.filter((m) => (m.body ?? '').includes(text));
  return { ws, author, reader, general, queue, stored };
}

describe('held messages', () => {
  it('are not posted, wait in the queue with their masked text, and are posted once approved', async () => {
    const { ws, author, reader, general, queue, stored } = await setUp();
    const watcher = await connect(app.url, { token: reader.token });
    await joinConversation(watcher, general);
    const heard = collect(watcher, 'message:new', 1500);

    const text = `pay ${IBAN} with ${CARD}`;
    await refusedWith(
      author.api.message.send({ ...general, clientMsgId: randomUUID(), body: text }),
      'UNPROCESSABLE_CONTENT',
      /^Waiting for review: /,
      'HELD',
    );
    // Over a socket, and retried with its client id: one held message, the same answer.
    const sock = await connect(app.url, { token: author.token });
    const clientMsgId = randomUUID();
    const first = await sendOn(sock, general, `socket ${IBAN}`, clientMsgId);
    const again = await sendOn(sock, general, `socket ${IBAN}`, clientMsgId);
    for (const ack of [first, again])
      expect(ack).toMatchObject({ ok: false, error: { code: 'HELD', message: policyWords.held } });
    expect(await heard).toEqual([]);
    expect(await stored('DE89')).toEqual([]);
    expect(await stored('socket')).toEqual([]);

    const items = await queue();
    expect(items).toHaveLength(2);
    const held = items.find((i) => i.message.body?.startsWith('pay '));
    expect(held).toMatchObject({
      causes: ['flagged'],
      message: { id: null, held: true, body: `pay ${IBAN} with •••• 4242`, deleted: false },
      author: { id: author.userId },
    });
    expect(held?.hits.map((h) => h.rule).sort()).toEqual(['card', 'iban']);
    // The kept text is ciphertext: neither the IBAN nor the masked card is in the row, as bytes in
    // the text's column or as text in the others (random ids left out: their hex can hold anything).
    const [row] = await superQuery<{ iban: number; card: number; rest: string }>(
      `SELECT position(convert_to('3704', 'UTF8') IN held_body) AS iban,
         position(convert_to('4242', 'UTF8') IN held_body) AS card,
         (to_jsonb(r) - 'held_body' - 'id' - 'workspace_id' - 'conversation_id' - 'author_id'
           - 'held_client_msg_id')::text AS rest
       FROM review r WHERE id = $1`,
      [held?.id],
    );
    expect(row).toMatchObject({ iban: 0, card: 0 });
    expect(row?.rest).not.toContain('3704');
    expect(row?.rest).not.toContain('4242');

    const posted = nextEvent(watcher, 'message:new', 5000);
    const decided = await ws.moderator[0].api.moderation.decide({
      workspaceId: ws.id,
      reviewId: held!.id,
      decision: 'approve',
    });
    expect(decided.review).toMatchObject({ status: 'approved', message: { held: false } });
    const { payload } = await posted;
    expect(payload).toMatchObject({ authorId: author.userId, body: `pay ${IBAN} with •••• 4242` });
    expect(decided.review.message.id).toBe(payload.id);
    expect((await stored('pay ')).map((m) => m.id)).toEqual([payload.id]);
    const [after] = await superQuery<{ held_body: Buffer | null; held_hits: unknown }>(
      `SELECT held_body, held_hits FROM review WHERE id = $1`,
      [held!.id],
    );
    expect(after).toEqual({ held_body: null, held_hits: null });
    // Posting it did not queue it again.
    expect((await queue()).map((i) => i.message.body)).toEqual([`socket ${IBAN}`]);
  });

  it('are discarded by any other decision, and cannot be warned about', async () => {
    const { ws, author, general, queue, stored } = await setUp();
    await refusedWith(
      author.api.message.send({ ...general, clientMsgId: randomUUID(), body: `iban ${IBAN}` }),
      'UNPROCESSABLE_CONTENT',
      undefined,
      'HELD',
    );
    const [item] = await queue();
    const decide = (decision: 'warn' | 'delete') =>
      ws.moderator[0].api.moderation.decide({ workspaceId: ws.id, reviewId: item!.id, decision, note: 'No' });
    await refusedWith(decide('warn'), 'BAD_REQUEST', /never posted/);
    const gone = await decide('delete');
    expect(gone.review).toMatchObject({ status: 'deleted', message: { id: null, held: false, body: null } });
    expect(await stored('iban')).toEqual([]);
    const [row] = await superQuery<{ held_body: Buffer | null }>(
      `SELECT held_body FROM review WHERE id = $1`,
      [item!.id],
    );
    expect(row?.held_body).toBeNull();
  });

  it('leave messages the policy does not catch, and every message when holding is off, posted', async () => {
    const { ws, author, general, stored } = await setUp();
    await author.api.message.send({ ...general, clientMsgId: randomUUID(), body: 'plain words' });
    expect(await stored('plain words')).toHaveLength(1);
    await holding(ws, false);
    const sent = await author.api.message.send({
      ...general,
      clientMsgId: randomUUID(),
      body: `later ${IBAN}`,
    });
    expect(sent.message.body).toBe(`later ${IBAN}`);
  });

  it('are refused at once where their author could not post, not kept for an approval that would fail', async () => {
    const { ws, author, queue } = await setUp();
    const elsewhere = await conversation(ws, {
      kind: 'channel',
      name: `elsewhere-${randomUUID().slice(0, 6)}`,
    });
    await refusedWith(
      author.api.message.send({
        workspaceId: ws.id,
        conversationId: elsewhere.id,
        clientMsgId: randomUUID(),
        body: `iban ${IBAN}`,
      }),
      'FORBIDDEN',
      /Join the conversation first/,
    );
    expect(await queue()).toEqual([]);
  });

  it('tell their author what was decided: posted (with a link), or not posted (with the note)', async () => {
    const { ws, author, general, queue } = await setUp();
    const hold = (body: string) =>
      refusedWith(
        author.api.message.send({ ...general, clientMsgId: randomUUID(), body }),
        'UNPROCESSABLE_CONTENT',
        undefined,
        'HELD',
      );
    await hold(`first ${IBAN}`);
    await hold(`second ${IBAN}`);
    const items = await queue();
    const itemOf = (word: string) => items.find((i) => i.message.body?.startsWith(word))!;
    const decide = (word: string, decision: 'approve' | 'delete', note?: string) =>
      ws.moderator[0].api.moderation.decide({
        workspaceId: ws.id,
        reviewId: itemOf(word).id,
        decision,
        note,
      });
    const approved = await decide('first', 'approve');
    await decide('second', 'delete', 'Please do not post bank details');
    const told = await author.api.notification.list({ workspaceId: ws.id, unreadOnly: true, limit: 10 });
    expect(told.map((n) => [n.kind, n.messageId, n.detail])).toEqual([
      [
        'held_outcome',
        null,
        'A moderator did not post your message that was waiting for review. Their note: Please do not post bank details',
      ],
      [
        'held_outcome',
        approved.review.message.id,
        'A moderator approved your message that was waiting for review: it is posted now.',
      ],
    ]);
    // Reading the conversation reads the one about the posted message, not the one about no message.
    const seq = told[1]!.seq;
    await author.api.read.mark({ ...general, seq });
    const left = await author.api.notification.list({ workspaceId: ws.id, unreadOnly: true, limit: 10 });
    expect(left.map((n) => n.messageId)).toEqual([null]);
  });

  it('are re-encrypted by a key rotation, and still read and post afterwards', async () => {
    const { ws, author, general, queue, stored } = await setUp();
    await refusedWith(
      author.api.message.send({ ...general, clientMsgId: randomUUID(), body: `rotated ${IBAN}` }),
      'UNPROCESSABLE_CONTENT',
      undefined,
      'HELD',
    );
    const [item] = await queue();
    const versionOf = async () =>
      (
        await superQuery<{ v: number; header: number }>(
          `SELECT held_key_version AS v, get_byte(held_body, 4) AS header FROM review WHERE id = $1`,
          [item!.id],
        )
      )[0];
    expect(await versionOf()).toEqual({ v: 1, header: 1 });
    const status = await ws.api.workspace.rotateKey({ workspaceId: ws.id });
    expect(status[0]).toMatchObject({ version: 2, rotation: { total: 1 } });
    for (let i = 0; i < 100; i++) {
      if ((await ws.api.workspace.keys({ workspaceId: ws.id }))[0]?.rotation?.finishedAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await versionOf()).toEqual({ v: 2, header: 2 });
    expect((await queue()).map((i) => i.message.body)).toEqual([`rotated ${IBAN}`]);
    await ws.moderator[0].api.moderation.decide({
      workspaceId: ws.id,
      reviewId: item!.id,
      decision: 'approve',
    });
    expect(await stored('rotated')).toHaveLength(1);
  });
});
