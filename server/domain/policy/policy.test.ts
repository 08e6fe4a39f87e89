import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { workspaceWith, type Caller } from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { connect, joinConversation, nextEvent } from '../../../test/sockets';

const app = useTestServer();

// Luhn-valid test numbers and a well-formed secret: what the default policy masks.
const CARD = '4111 1111 1111 1111';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

const basePolicy = async (api: Caller, workspaceId: string) => {
  const {
    version: expectedVersion,
    updatedAt: _a,
    updatedBy: _b,
    ...rest
  } = await api.admin.policy({ workspaceId });
  return { workspaceId, expectedVersion, ...rest };
};

async function setUp() {
  const ws = await workspaceWith({ member: 1 }, { name: `Policy ${randomUUID().slice(0, 8)}` });
  const [member] = ws.member;
  const send = (body: string, who = member) =>
    who.api.message.send({
      workspaceId: ws.id,
      conversationId: ws.general.id,
      clientMsgId: randomUUID(),
      body,
    });
  const hits = () =>
    superQuery<{
      source: string;
      rule: string;
      action: string;
      message_id: string | null;
      policy_version: number;
    }>(
      `SELECT source, rule, action, message_id, policy_version FROM policy_hit WHERE workspace_id = $1 ORDER BY id`,
      [ws.id],
    );
  return { ws, member: member, send, hits };
}

describe('the security policy on messages', () => {
  it('masks a card number and a secret at write, everywhere the text goes, and tells the sender', async () => {
    const { ws, member, send, hits } = await setUp();
    const watcher = await connect(app.url, { token: ws.owner.token });
    await joinConversation(watcher, { workspaceId: ws.id, conversationId: ws.general.id });
    const event = nextEvent(watcher, 'message:new');
    const sent = await send(`Pay with ${CARD} and use ${AWS_KEY} to upload`);
    expect(sent.message.body).toBe(`Pay with •••• 1111 and use [secret removed] to upload`);
    expect(sent.notice).toMatch(/^Sent with .*payment card numbers.* masked/i);
    expect((await event).payload.body).toBe(sent.message.body);
    const history = await member.api.message.history({ workspaceId: ws.id, conversationId: ws.general.id });
    expect(history.messages.map((m) => m.body)).toEqual([sent.message.body]);
    // The search index holds tokens of the stored text only: neither the number nor the key finds it.
    for (const query of ['4111111111111111', AWS_KEY, '4111'])
      expect(await member.api.search.messages({ workspaceId: ws.id, query }), query).toEqual([]);
    expect(await member.api.search.messages({ workspaceId: ws.id, query: 'upload' })).toHaveLength(1);
    expect(await hits()).toEqual([
      expect.objectContaining({
        source: 'detector',
        rule: 'card',
        action: 'redact',
        message_id: sent.message.id,
      }),
      expect.objectContaining({
        source: 'detector',
        rule: 'secret',
        action: 'redact',
        message_id: sent.message.id,
      }),
    ]);
    watcher.close();
  });

  it('masks what an edit adds, as a send would', async () => {
    const { ws, member, send } = await setUp();
    const sent = await send('my card is coming');
    const edited = await member.api.message.edit({
      workspaceId: ws.id,
      messageId: sent.message.id,
      body: `my card is ${CARD}`,
    });
    expect(edited.body).toBe('my card is •••• 1111');
  });

  it('refuses a blocked text with 422 POLICY_BLOCKED and the reason, stores nothing, and records the refusal', async () => {
    const { ws, member, send, hits } = await setUp();
    const policy = await basePolicy(ws.api, ws.id);
    await ws.api.admin.setPolicy({ ...policy, detectors: { ...policy.detectors, card: 'block' } });
    const e = await send(`card ${CARD}`).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).code).toBe('UNPROCESSABLE_CONTENT');
    expect((e as TRPCError).message).toBe(
      'Not sent: this workspace does not allow payment card numbers in messages.',
    );
    // The same over REST, with the reason at the field.
    const res = await fetch(`${app.url}/api/v1/workspaces/${ws.id}/conversations/${ws.general.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMsgId: randomUUID(), body: `card ${CARD}` }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { data: { appCode: string; fieldErrors: Record<string, string[]> } };
    expect(body.data.appCode).toBe('POLICY_BLOCKED');
    expect(body.data.fieldErrors.body?.[0]).toMatch(/payment card numbers/);
    const history = await member.api.message.history({ workspaceId: ws.id, conversationId: ws.general.id });
    expect(history.messages).toEqual([]);
    expect(await hits()).toEqual([
      expect.objectContaining({ rule: 'card', action: 'block', message_id: null, policy_version: 1 }),
      expect.objectContaining({ rule: 'card', action: 'block', message_id: null, policy_version: 1 }),
    ]);
  });

  it('applies to channel names, topics and descriptions, with the reason at the field', async () => {
    const { ws, hits } = await setUp();
    const made = await ws.api.channel.create({
      workspaceId: ws.id,
      name: `billing-${randomUUID().slice(0, 6)}`,
      topic: `test card ${CARD}`,
      isPrivate: false,
    });
    expect(made.topic).toBe('test card •••• 1111');
    // A name cannot hold a mask: what would be masked is refused, and nothing is created.
    const refused = await ws.api.channel
      .create({ workspaceId: ws.id, name: '4111-1111-1111-1111', isPrivate: false })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    expect((refused as TRPCError).message).toBe(
      'Not saved: this workspace does not allow payment card numbers in channel names.',
    );
    expect((await ws.api.channel.list({ workspaceId: ws.id })).map((c) => c.name)).not.toContain(
      '4111-1111-1111-1111',
    );
    const updated = await ws.api.channel.update({
      workspaceId: ws.id,
      channelId: made.id,
      description: `key ${AWS_KEY}`,
    });
    expect(updated.description).toBe('key [secret removed]');
    const fields = await superQuery<{ field: string; action: string }>(
      `SELECT field, action FROM policy_hit WHERE workspace_id = $1 ORDER BY id`,
      [ws.id],
    );
    expect(fields).toEqual([
      { field: 'channel.topic', action: 'redact' },
      { field: 'channel.name', action: 'block' },
      { field: 'channel.description', action: 'redact' },
    ]);
    expect(await hits()).toHaveLength(3);
  });

  it('applies tenant filters, blocked domains (with subdomains) and the length limit', async () => {
    const { ws, send, hits } = await setUp();
    const policy = await basePolicy(ws.api, ws.id);
    const filterId = randomUUID();
    await ws.api.admin.setPolicy({
      ...policy,
      filters: [
        { id: filterId, name: 'Rival', pattern: '\\bcontoso\\b', caseSensitive: false, action: 'redact' },
      ],
      blockedDomains: { domains: ['https://Evil.Example/'], action: 'block' },
      limits: { ...policy.limits, maxMessageBytes: 100 },
    });
    expect((await send('Try CONTOSO instead')).message.body).toBe('Try [removed] instead');
    await expect(send('see https://login.evil.example/x')).rejects.toThrow(/a link to evil\.example/);
    expect((await send('see notevil.example')).message.body).toBe('see notevil.example');
    await expect(send('x'.repeat(101))).rejects.toThrow(/more text than this workspace allows/);
    const rows = await hits();
    expect(rows.map((r) => [r.source, r.rule, r.action])).toEqual([
      ['filter', filterId, 'redact'],
      ['domain', 'evil.example', 'block'],
      ['limit', 'maxMessageBytes', 'block'],
    ]);
  });
});

describe('changing the policy', () => {
  it('is for admins, versioned, audited, and refused when someone else saved first', async () => {
    const { ws, member } = await setUp();
    await expect(member.api.admin.policy({ workspaceId: ws.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Members do not read the policy through the workspace either.
    expect(Object.keys((await member.api.workspace.get({ workspaceId: ws.id })).settings)).not.toContain(
      'security',
    );
    const policy = await basePolicy(ws.api, ws.id);
    expect(policy.expectedVersion).toBe(0);
    const saved = await ws.api.admin.setPolicy({ ...policy, markup: 'off' });
    expect(saved).toMatchObject({ version: 1, markup: 'off', updatedBy: ws.owner.userId });
    const stale = await ws.api.admin.setPolicy({ ...policy, markup: 'flag' }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'CONFLICT' });
    expect((stale as TRPCError).message).toMatch(/changed by someone else \(now version 1\)/);
    expect(await ws.api.admin.policy({ workspaceId: ws.id })).toMatchObject({ version: 1, markup: 'off' });
    const [entry] = await superQuery<{ data: { version: number } }>(
      `SELECT data FROM audit_event WHERE workspace_id = $1 AND action = 'policy.update'`,
      [ws.id],
    );
    expect(entry?.data.version).toBe(1);
  });

  it('refuses unusable filter patterns and domains with a reason at each field, and keeps the old policy', async () => {
    const { ws } = await setUp();
    const policy = await basePolicy(ws.api, ws.id);
    const filter = (pattern: string) => ({
      id: randomUUID(),
      name: pattern,
      pattern,
      caseSensitive: false,
      action: 'flag' as const,
    });
    const e = await ws.api.admin
      .setPolicy({
        ...policy,
        filters: [filter('(a)\\1'), filter('(?=x)y'), filter('(a+)+$'), filter('ok-\\d+')],
        blockedDomains: { domains: ['not a domain'], action: 'flag' },
      })
      .catch((x: unknown) => x as TRPCError);
    expect(e).toBeInstanceOf(TRPCError);
    const fieldErrors = (e as TRPCError & { shape?: unknown }).cause as unknown as {
      details: { fieldErrors: Record<string, string[]> };
    };
    expect(Object.keys(fieldErrors.details.fieldErrors).sort()).toEqual([
      'blockedDomains.domains.0',
      'filters.0.pattern',
      'filters.1.pattern',
      'filters.2.pattern',
    ]);
    expect(await ws.api.admin.policy({ workspaceId: ws.id })).toMatchObject({ version: 0, filters: [] });
  });
});
