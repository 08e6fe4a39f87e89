import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../test/sockets';
import { callerFor } from '../../test/actors';
import { conversation, workspaceWith, type Person } from '../../test/factories';
import { authHeader, trpcHttp } from '../../test/http';
import { useTestServer } from '../../test/server';

// REST reads query strings, so trpc-to-openapi coerces its inputs; tRPC and sockets must not be.

let alice: Person;
let ws: string;
let general: string;
let archived: string;
const app = useTestServer();
beforeAll(async () => {
  const w = await workspaceWith({}, { name: 'Coercion', owner: 'Coerce Alice' });
  [alice, ws, general] = [w.owner, w.id, w.general.id];
  archived = (await conversation(w, { kind: 'channel', name: 'old-news' })).id;
  await alice.api.channel.archive({ workspaceId: ws, channelId: archived, archived: true });
});

const auth = () => authHeader(alice);
async function rest(method: string, path: string, body?: unknown) {
  const r = await fetch(`${app.url}/api/v1${path}`, {
    method,
    headers: body === undefined ? auth() : { ...auth(), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as unknown };
}
const names = (json: unknown) => (json as { name: string }[]).map((c) => c.name).sort();

async function expectBadRequest(call: () => Promise<unknown>) {
  const e = await call().then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  expect((e as TRPCError).code).toBe('BAD_REQUEST');
}

describe('REST coercion stays in REST', () => {
  it('reads booleans and numbers from query strings and JSON text over REST', async () => {
    // Every call first, so that the tests below run after all of them whatever fails here.
    const on = await rest('GET', `/workspaces/${ws}/channels?includeArchived=true`);
    const off = await rest('GET', `/workspaces/${ws}/channels?includeArchived=false`);
    const bad = await rest('GET', `/workspaces/${ws}/channels?includeArchived=maybe`);
    const sync = await rest('POST', `/workspaces/${ws}/sync`, {
      conversations: [{ conversationId: general, lastSeq: '0' }],
    });
    const unarchive = await rest('POST', `/workspaces/${ws}/channels/${archived}/archive`, {
      archived: 'false',
    });

    expect(on.status).toBe(200);
    expect(names(on.json)).toEqual(['general', 'old-news']);
    // "false" is false (Boolean("false") would be true).
    expect(names(off.json)).toEqual(['general']);
    expect(bad.status).toBe(400);
    expect(sync.status).toBe(200);
    expect(unarchive.status).toBe(200);
    expect(unarchive.json).toMatchObject({ archivedAt: null });
  });

  it('leaves tRPC over HTTP refusing strings for booleans and numbers afterwards', async () => {
    const input = { workspaceId: ws, includeArchived: 'false' };
    const r = await trpcHttp(app.url, 'channel.list', input, { query: true, headers: auth() });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { data: { appCode: string; fieldErrors: unknown } } };
    expect(body.error.data.appCode).toBe('VALIDATION');
    expect(body.error.data.fieldErrors).toHaveProperty('includeArchived');
  });

  it('leaves the direct caller refusing them too', async () => {
    const a = await callerFor(alice);
    await expectBadRequest(() => a.channel.list({ workspaceId: ws, includeArchived: 'false' as never }));
    await expectBadRequest(() =>
      a.channel.archive({ workspaceId: ws, channelId: archived, archived: 'true' as never }),
    );
    await expectBadRequest(() =>
      a.message.sync({
        workspaceId: ws,
        conversations: [{ conversationId: general, lastSeq: '0' as never }],
      }),
    );
    // Nothing above archived the channel again.
    expect((await a.channel.get({ workspaceId: ws, channelId: archived })).archivedAt).toBeNull();
  });

  it('leaves the socket events, which share the message schemas, refusing them', async () => {
    const c = await connect(app.url, { token: alice.token });
    const ack = (await c.emitWithAck('sync', {
      workspaceId: ws,
      conversations: [{ conversationId: general, lastSeq: '0' as never }],
    })) as { ok: boolean; error?: { code: string } };
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
