import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { testRuntime } from '../../../test/runtime';
import type { AppErrorCode } from '../../lib/errors';
import type { TestUser } from '../../../test/actors';
import { conversation, message, workspaceWith } from '../../../test/factories';
import { fileRow } from '../../../test/file-rows';
import { appUrlForThisFile } from '../../../test/setup/db';
import { settingsSchema } from '../workspace/settings';
import {
  refusals,
  SEND_STATUSES,
  sendStored,
  type SendPayloadItem,
  type SendRefusal,
  type SendStatus,
} from './send-contract';

// Every status of app_send_messages, each reached by a case run as the runtime role under
// row-level security, parsed by the TypeScript contract and worded by its refusal map.

const FUNCTION_FILE = path.resolve(import.meta.dirname, '../../../prisma/functions/app_send_messages.sql');

interface Fixture {
  wsA: string;
  wsB: string;
  wsArchived: string;
  alice: TestUser; // A's owner
  bob: TestUser; // a member of A
  gina: TestUser; // a guest of A, in no channel
  dave: TestUser; // B's owner, not in A
  carol: TestUser; // owner of the archived workspace
  general: string;
  generalB: string;
  generalArchived: string;
  open: string; // public channel Bob is not in
  secret: string; // private channel Bob is not in
  side: string; // Bob's own channel
  old: string; // archived channel Bob is in
  subject: string; // record-linked conversation Bob is not in
  root: string; // top-level message in general
  reply: string; // a reply to root
  deleted: string; // a deleted message in general
  inSide: string; // a message in side
  inB: string; // a message in B's general
  bobsClientId: string; // Bob's message in general
  bobsMessage: string;
  bobsMac: string; // the MAC of Bob's message (hex)
  bobsFile: string; // Bob's unsent upload to side
  bobsInfected: string; // Bob's upload to side that the scan blocked
  alicesFile: string; // Alice's unsent upload to side
  sentFile: string; // Bob's upload to side, sent already
}
let f: Fixture;

beforeAll(async () => {
  const [A, B, C] = await Promise.all([
    workspaceWith({ member: ['Bob'], guest: ['Gina'] }, { name: 'Statuses A', owner: 'Alice' }),
    workspaceWith({}, { name: 'Statuses B', owner: 'Dave' }),
    workspaceWith({}, { name: 'Statuses C', owner: 'Carol' }),
  ]);
  const {
    owner: alice,
    member: [bob],
    guest: [gina],
  } = A;
  const open = await conversation(A, { kind: 'channel', name: 'open' });
  const secret = await conversation(A, { kind: 'channel', name: 'secret', private: true });
  const side = await conversation(A, { kind: 'channel', name: 'side', by: bob });
  const old = await conversation(A, { kind: 'channel', name: 'old', by: bob });
  await bob.api.channel.archive({ workspaceId: A.id, channelId: old.id, archived: true });
  const subject = await conversation(A, { kind: 'subject', subject: { type: 'order', id: '1' } });
  const root = await message(A, A.general, { body: 'root' });
  const reply = await message(A, A.general, { body: 'reply', parentId: root.id });
  const deleted = await message(A, A.general, { body: 'to be deleted' });
  await alice.api.message.delete({ workspaceId: A.id, messageId: deleted.id });
  const inSide = await message(A, side, { author: bob, body: 'in side' });
  const inB = await message(B, B.general, { body: 'in B' });
  const bobs = await message(A, A.general, { author: bob, body: 'said once' });
  await C.api.workspace.archive({ workspaceId: C.id, archived: true });
  const [mac] = await testRuntime().db.admin.$queryRaw<{ hex: string }[]>`
    SELECT encode(body_mac, 'hex') AS hex FROM message WHERE id = ${bobs.id}::uuid`;
  const files = {
    bobsFile: await fileRow(A.id, side.id, bob.userId),
    bobsInfected: await fileRow(A.id, side.id, bob.userId, { status: 'infected' }),
    alicesFile: await fileRow(A.id, side.id, alice.userId),
    sentFile: await fileRow(A.id, side.id, bob.userId, { messageId: inSide.id }),
  };
  f = {
    ...files,
    ...{ wsA: A.id, wsB: B.id, wsArchived: C.id, alice, bob, gina, dave: B.owner, carol: C.owner },
    ...{ general: A.general.id, generalB: B.general.id, generalArchived: C.general.id },
    ...{ open: open.id, secret: secret.id, side: side.id, old: old.id, subject: subject.id },
    ...{ root: root.id, reply: reply.id, deleted: deleted.id, inSide: inSide.id, inB: inB.id },
    ...{ bobsClientId: bobs.clientMsgId, bobsMessage: bobs.id },
    bobsMac: mac!.hex,
  };
});

/** An item with a fresh client id, row id and MAC (so no case collides with another by accident). */
const item = (
  user: TestUser,
  conversationId: string,
  over: Partial<SendPayloadItem> = {},
): SendPayloadItem => ({
  userId: user.userId,
  conversationId,
  clientMsgId: `case-${randomUUID()}`,
  parentId: null,
  messageId: randomUUID(),
  bodyCiphertext: randomBytes(24).toString('base64'),
  searchTokens: ['t1'],
  bodyMac: randomBytes(32).toString('hex'),
  mentions: [],
  mentionChannel: false,
  mentionHere: false,
  ...over,
});

interface Case {
  name: string;
  workspace?: (f: Fixture) => string;
  items: (f: Fixture) => SendPayloadItem[];
  expect: SendStatus[];
  replyDepth?: number;
  window?: number;
}

const cases: Case[] = [
  { name: 'a member in their conversation', items: (f) => [item(f.bob, f.general)], expect: ['ok'] },
  {
    name: 'a reply to a top-level message',
    items: (f) => [item(f.bob, f.general, { parentId: f.root })],
    expect: ['ok'],
  },
  {
    name: 'a reply to a reply where replies may nest two deep',
    items: (f) => [item(f.bob, f.general, { parentId: f.reply })],
    replyDepth: 2,
    expect: ['ok'],
  },
  {
    name: 'the same text again with the duplicate window off',
    items: (f) => [item(f.bob, f.general, { bodyMac: f.bobsMac })],
    window: 0,
    expect: ['ok'],
  },
  {
    name: 'a retry of a stored client id',
    items: (f) => [item(f.bob, f.general, { clientMsgId: f.bobsClientId })],
    expect: ['duplicate'],
  },
  {
    // Held for review: checked like a send, and stored only later (by the moderator's approval).
    name: 'a held send next to a stored one',
    items: (f) => [item(f.bob, f.general, { check: true }), item(f.bob, f.general)],
    expect: ['checked', 'ok'],
  },
  {
    name: 'a held send to a public channel not joined',
    items: (f) => [item(f.bob, f.open, { check: true })],
    expect: ['join_first'],
  },
  {
    name: 'a workspace that does not exist',
    workspace: () => randomUUID(),
    items: (f) => [item(f.bob, f.general)],
    expect: ['workspace_not_found'],
  },
  {
    name: 'someone who is not a member of the workspace',
    items: (f) => [item(f.dave, f.general)],
    expect: ['workspace_not_found'],
  },
  {
    name: 'an archived workspace',
    workspace: (f) => f.wsArchived,
    items: (f) => [item(f.carol, f.generalArchived)],
    expect: ['workspace_archived'],
  },
  {
    name: "another person's client id",
    items: (f) => [item(f.alice, f.general, { clientMsgId: f.bobsClientId })],
    expect: ['client_id_conflict'],
  },
  {
    name: 'a client id used in another conversation',
    items: (f) => [item(f.bob, f.side, { clientMsgId: f.bobsClientId })],
    expect: ['client_id_conflict'],
  },
  {
    name: 'a conversation that does not exist',
    items: (f) => [item(f.bob, randomUUID())],
    expect: ['conversation_not_found'],
  },
  {
    name: "another workspace's conversation",
    items: (f) => [item(f.bob, f.generalB)],
    expect: ['conversation_not_found'],
  },
  {
    name: 'a private channel the sender is not in',
    items: (f) => [item(f.bob, f.secret)],
    expect: ['conversation_not_found'],
  },
  {
    name: 'a public channel a guest is not in',
    items: (f) => [item(f.gina, f.general)],
    expect: ['conversation_not_found'],
  },
  { name: 'a public channel not joined', items: (f) => [item(f.bob, f.open)], expect: ['join_first'] },
  {
    name: 'a record conversation not joined',
    items: (f) => [item(f.bob, f.subject)],
    expect: ['join_first'],
  },
  { name: 'an archived channel', items: (f) => [item(f.bob, f.old)], expect: ['conversation_archived'] },
  {
    name: 'a parent that does not exist',
    items: (f) => [item(f.bob, f.general, { parentId: randomUUID() })],
    expect: ['parent_not_found'],
  },
  {
    name: 'a parent in another conversation',
    items: (f) => [item(f.bob, f.general, { parentId: f.inSide })],
    expect: ['parent_not_found'],
  },
  {
    name: 'a deleted parent',
    items: (f) => [item(f.bob, f.general, { parentId: f.deleted })],
    expect: ['parent_not_found'],
  },
  {
    name: "a parent in another workspace's conversation",
    items: (f) => [item(f.bob, f.general, { parentId: f.inB })],
    expect: ['parent_not_found'],
  },
  {
    name: 'a reply to a reply where replies go to top-level messages only',
    items: (f) => [item(f.bob, f.general, { parentId: f.reply })],
    expect: ['too_deep'],
  },
  {
    name: 'the same text again within the window',
    items: (f) => [item(f.bob, f.general, { bodyMac: f.bobsMac })],
    expect: ['duplicate_body'],
  },
  {
    name: 'the same text again within the window, the conversation id in upper case',
    items: (f) => [item(f.bob, f.general.toUpperCase(), { bodyMac: f.bobsMac })],
    expect: ['duplicate_body'],
  },
  {
    name: 'the same text twice in one batch',
    items: (f) => {
      const first = item(f.bob, f.side);
      return [first, item(f.bob, f.side, { bodyMac: first.bodyMac })];
    },
    expect: ['ok', 'duplicate_body'],
  },
  {
    name: 'the same text again within the window where two copies are allowed',
    items: (f) => [item(f.bob, f.general, { bodyMac: f.bobsMac, repeatsAllowed: 2 })],
    expect: ['ok'],
  },
  {
    name: 'three copies in one batch where two are allowed',
    items: (f) => {
      const first = item(f.bob, f.side, { repeatsAllowed: 2 });
      const again = () => item(f.bob, f.side, { bodyMac: first.bodyMac, repeatsAllowed: 2 });
      return [first, again(), again()];
    },
    expect: ['ok', 'ok', 'duplicate_body'],
  },
  {
    name: "files: one's own upload, someone else's, one sent already, another conversation's",
    items: (f) => [
      item(f.bob, f.side, { fileIds: [f.bobsFile] }),
      item(f.bob, f.side, { fileIds: [f.alicesFile] }),
      item(f.bob, f.side, { fileIds: [f.sentFile] }),
      item(f.bob, f.general, { fileIds: [randomUUID()] }),
    ],
    expect: ['ok', 'file_not_found', 'file_not_found', 'file_not_found'],
  },
  {
    name: 'the same upload twice in one batch, and a blocked one',
    items: (f) => [
      item(f.bob, f.side, { fileIds: [f.bobsFile] }),
      item(f.bob, f.side, { fileIds: [f.bobsFile] }),
      item(f.bob, f.side, { fileIds: [f.bobsInfected] }),
    ],
    expect: ['ok', 'file_not_found', 'file_blocked'],
  },
];

/** How each refusal reads to the caller (the map in send-contract.ts). */
const codes: Record<SendRefusal, AppErrorCode> = {
  workspace_not_found: 'NOT_FOUND',
  workspace_archived: 'FORBIDDEN',
  client_id_conflict: 'CONFLICT',
  conversation_not_found: 'NOT_FOUND',
  join_first: 'FORBIDDEN',
  conversation_archived: 'FORBIDDEN',
  parent_not_found: 'NOT_FOUND',
  too_deep: 'VALIDATION',
  duplicate_body: 'CONFLICT',
  file_not_found: 'NOT_FOUND',
  file_blocked: 'FORBIDDEN',
};

/** Calls the function as the runtime role on a fresh connection, in a transaction rolled back after. */
async function callSend(c: Case) {
  const client = new pg.Client({ connectionString: appUrlForThisFile() });
  await client.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ out: unknown }>(
      `SELECT app_send_messages($1, 1, $2, $3, now(), '{}', $4::jsonb) AS out`,
      [c.workspace?.(f) ?? f.wsA, c.replyDepth ?? 1, c.window ?? 10, JSON.stringify(c.items(f))],
    );
    return rows[0]?.out;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

describe('app_send_messages statuses', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await testRuntime().db.admin.message.count({
      where: { workspaceId: c.workspace?.(f) ?? f.wsA },
    });
    const stored = sendStored.parse(await callSend(c));
    expect(stored.results.map((r) => r.status)).toEqual(c.expect);
    const settings = settingsSchema.parse({ replyDepth: c.replyDepth ?? 1 });
    for (const r of stored.results) {
      if (r.status === 'ok')
        expect(r).toMatchObject({ seq: expect.any(Number) as unknown, depth: expect.any(Number) as unknown });
      else if (r.status === 'duplicate') expect(r.messageId).toBe(f.bobsMessage);
      else if (r.status === 'checked') expect(Object.keys(r)).toEqual(['status']);
      else expect(refusals[r.status](settings).code).toBe(codes[r.status]);
    }
    // Rolled back: nothing of any case stays.
    expect(
      await testRuntime().db.admin.message.count({ where: { workspaceId: c.workspace?.(f) ?? f.wsA } }),
    ).toBe(before);
  });

  it('numbers a reply after the root, counts it on the parent and reports whom it notified', async () => {
    const c: Case = {
      name: 'reply with a mention',
      items: (f) => [item(f.alice, f.general, { parentId: f.root, mentions: [f.bob.userId] })],
      expect: ['ok'],
    };
    const stored = sendStored.parse(await callSend(c));
    const [last] = await testRuntime().db.admin.$queryRaw<{ seq: bigint }[]>`
      SELECT last_seq AS seq FROM conversation WHERE id = ${f.general}::uuid`;
    expect(stored.results).toEqual([
      { status: 'ok', seq: Number(last!.seq) + 1, rev: expect.any(Number) as unknown, depth: 1 },
    ]);
    expect(stored.parents).toEqual([f.root]);
    expect(stored.notified).toEqual([
      { userId: f.bob.userId, messageId: expect.any(String) as unknown, kind: 'mention' },
    ]);
  });

  it('reaches every status in the list, and the list is what the function file answers', () => {
    expect(new Set(cases.flatMap((c) => c.expect))).toEqual(new Set(SEND_STATUSES));
    const sql = readFileSync(FUNCTION_FILE, 'utf8');
    // The statuses the body can produce: assigned to v_status or built into a result.
    const literals = [...sql.matchAll(/v_status := '(\w+)'|'status', '(\w+)'/g)].map((m) => m[1] ?? m[2]);
    expect(new Set(literals)).toEqual(new Set(SEND_STATUSES));
    // And the list the file's comment gives.
    const comment = /^-- Statuses: ([\s\S]*?)\n-- Statuses other/m.exec(sql)?.[1] ?? '';
    expect(
      comment
        .replace(/--/g, '')
        .split(/[\s,]+/)
        .filter(Boolean),
    ).toEqual([...SEND_STATUSES]);
  });
});
