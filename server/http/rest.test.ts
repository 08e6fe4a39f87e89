import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../env';
import { callerFor, signUp, type TestUser } from '../../test/actors';
import { asSuperuser } from '../../test/db';
import { workspaceWith, type TestWorkspace } from '../../test/factories';
import { authHeader as bearer } from '../../test/http';
import { useTestServer } from '../../test/server';
import { appRouter } from '../trpc/root';

const app = useTestServer();

type Json = Record<string, unknown>;
async function call(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const r = await fetch(`${app.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await r.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    /* non-JSON bodies are asserted on by status only */
  }
  return { status: r.status, headers: r.headers, json, text };
}

/** A REST error: typed body, and nothing of the server's internals. */
function expectTypedError(res: Awaited<ReturnType<typeof call>>, status: number, appCode: string) {
  expect(res.status).toBe(status);
  expect(typeof res.json.message).toBe('string');
  expect(typeof res.json.code).toBe('string');
  expect(res.json.data).toMatchObject({ appCode });
  expect(res.text).not.toMatch(/"stack"|\bat \S+ \(|node_modules|\.ts:\d+/);
}

describe('OpenAPI document', () => {
  it('is valid JSON with a path for every procedure of the app router', async () => {
    const res = await call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const procedures = Object.entries(appRouter._def.procedures as Record<string, unknown>);
    expect(procedures.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const [name, proc] of procedures) {
      const meta = (proc as { _def: { meta?: { openapi?: { method: string; path: string } } } })._def.meta;
      const op = meta?.openapi;
      if (!op || !doc.paths[op.path]?.[op.method.toLowerCase()]) missing.push(name);
    }
    expect(missing).toEqual([]);
  });
});

describe('REST authentication', () => {
  let alice: TestUser;
  let wsA: TestWorkspace;
  let wsB: TestWorkspace;
  let key: string;
  let keyId: string;

  beforeAll(async () => {
    wsA = await workspaceWith({}, { name: 'Rest A', owner: 'RestAlice' });
    wsB = await workspaceWith({}, { name: 'Rest B', owner: 'RestBob' });
    alice = wsA.owner;
    const created = await wsA.api.apiKey.create({
      workspaceId: wsA.id,
      name: 'reader',
      scopes: ['members:read'],
    });
    key = created.key;
    keyId = created.id;
  });

  it('accepts a session cookie and a bearer session token; refuses anonymous callers', async () => {
    const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: env().APP_URL },
      body: JSON.stringify({ email: alice.email, password: alice.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(cookie).toContain('session_token');

    for (const headers of [{ cookie }, bearer(alice)]) {
      const res = await call('GET', '/api/v1/workspaces', headers);
      expect(res.status).toBe(200);
      expect((res.json as unknown as { id: string }[]).map((w) => w.id)).toEqual([wsA.id]);
    }
    expectTypedError(await call('GET', '/api/v1/workspaces'), 401, 'UNAUTHORIZED');
  });

  it('accepts an API key in x-api-key and as Bearer ek_…, within its scopes and workspace', async () => {
    expect(key.startsWith('ek_')).toBe(true);
    for (const headers of [{ 'x-api-key': key }, { authorization: `Bearer ${key}` }] as Record<
      string,
      string
    >[]) {
      const res = await call('GET', `/api/v1/workspaces/${wsA.id}/members`, headers);
      expect(res.status).toBe(200);
      expect(res.json).toEqual([expect.objectContaining({ userId: alice.userId, role: 'owner' })]);
    }
    const invite = await call(
      'POST',
      `/api/v1/workspaces/${wsA.id}/invitations`,
      { 'x-api-key': key },
      JSON.stringify({ role: 'member' }),
    );
    expectTypedError(invite, 403, 'FORBIDDEN');
    // Another workspace does not exist as far as this key is concerned.
    expectTypedError(
      await call('GET', `/api/v1/workspaces/${wsB.id}/members`, { 'x-api-key': key }),
      404,
      'NOT_FOUND',
    );
  });

  it('refuses a revoked key with 401', async () => {
    const a = await callerFor(alice);
    const temp = await a.apiKey.create({ workspaceId: wsA.id, name: 'temp', scopes: ['members:read'] });
    const path = `/api/v1/workspaces/${wsA.id}/members`;
    expect((await call('GET', path, { 'x-api-key': temp.key })).status).toBe(200);
    await a.apiKey.revoke({ workspaceId: wsA.id, keyId: temp.id });
    expectTypedError(await call('GET', path, { 'x-api-key': temp.key }), 401, 'UNAUTHORIZED');
    // The other key is untouched.
    expect((await call('GET', path, { 'x-api-key': key })).status).toBe(200);
    expect(keyId).not.toBe(temp.id);
  });
});

describe('REST input errors', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await signUp('RestInput');
  });

  it('answers a 1 MB field with a typed 400 and nothing written', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(1024 * 1024) });
    const res = await call('POST', '/api/v1/workspaces', bearer(user), body);
    expectTypedError(res, 400, 'VALIDATION');
    expect(await (await callerFor(user)).workspace.listMine()).toEqual([]);
  });

  it('answers a body over 2 MB with 413', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024 + 10) });
    expectTypedError(await call('POST', '/api/v1/workspaces', bearer(user), body), 413, 'PAYLOAD_TOO_LARGE');
    // Without a Content-Length (chunked), the limit is enforced while reading.
    const chunked = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${app.url}/api/v1/workspaces`, {
        method: 'POST',
        headers: { ...bearer(user), 'content-type': 'application/json' },
      });
      req.on('response', (r) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write('{"name":"');
      for (let i = 0; i < 24; i++) req.write('y'.repeat(128 * 1024));
      req.end('"}');
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text)).toMatchObject({ data: { appCode: 'PAYLOAD_TOO_LARGE' } });
  });

  it('answers malformed JSON, a wrong content type and an unknown route with 4xx', async () => {
    const bad = await call('POST', '/api/v1/workspaces', bearer(user), '{"name": ');
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(bad.text).not.toMatch(/"stack"|node_modules|Unexpected end/);
    const form = await call('POST', '/api/v1/workspaces', { ...bearer(user), 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    expect((await call('GET', '/api/v1/nothing-here', bearer(user))).status).toBe(404);
    expect((await call('GET', '/api/nothing-here')).status).toBe(404);
  });
});

describe('health and readiness', () => {
  it('reports health, and readiness only while every migration is applied', async () => {
    expect(await call('GET', '/api/health')).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect(await call('GET', '/api/ready')).toMatchObject({ status: 200, json: { status: 'ready' } });

    // Forget the applied migration (this file's own database), then put it back.
    await asSuperuser(async (c) => {
      const { rows } = await c.query<{ name: string; checksum: string; applied_at: Date }>(
        'DELETE FROM schema_migrations RETURNING *',
      );
      try {
        const res = await call('GET', '/api/ready');
        expect(res.status).toBe(503);
        expect(res.json).toMatchObject({ status: 'migrations pending', pending: rows.map((r) => r.name) });
        expect((await call('GET', '/api/health')).status).toBe(200);
      } finally {
        for (const r of rows)
          await c.query('INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ($1, $2, $3)', [
            r.name,
            r.checksum,
            r.applied_at,
          ]);
      }
    });
    expect((await call('GET', '/api/ready')).status).toBe(200);
  });
});

describe('messages over REST', () => {
  it('sends, pages, searches and refuses a bad body with a typed error', async () => {
    const ws = await workspaceWith({}, { name: 'Rest messages', owner: 'Rest messages' });
    const { owner, general } = ws;
    const base = `/api/v1/workspaces/${ws.id}/conversations/${general.id}/messages`;
    const sent = await call(
      'POST',
      base,
      bearer(owner),
      JSON.stringify({ clientMsgId: 'rest-0000-0001', body: 'over **REST**' }),
    );
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ duplicate: false, message: { seq: 1, body: 'over **REST**' } });
    const page = await call('GET', `${base}?limit=10`, bearer(owner));
    expect(page.json).toMatchObject({ messages: [{ seq: 1 }], hasMoreBefore: false });
    const found = await call('GET', `/api/v1/workspaces/${ws.id}/search?query=rest`, bearer(owner));
    expect((found.json as unknown as { body: string }[]).map((m) => m.body)).toEqual(['over **REST**']);
    const tooBig = await call(
      'POST',
      base,
      bearer(owner),
      JSON.stringify({ clientMsgId: 'rest-0000-0002', body: 'x'.repeat(16 * 1024 + 1) }),
    );
    expectTypedError(tooBig, 400, 'VALIDATION');
    const again = await call('GET', base, bearer(owner));
    expect((again.json as { messages: unknown[] }).messages).toHaveLength(1);
  });
});

describe('field errors over REST', () => {
  it('name nested fields by their path', async () => {
    const ws = await workspaceWith({}, { name: 'Rest fields', owner: 'Rest fields' });
    const { owner } = ws;
    const res = await call(
      'PATCH',
      `/api/v1/workspaces/${ws.id}`,
      bearer(owner),
      JSON.stringify({ settings: { replyDepth: 11 } }),
    );
    expectTypedError(res, 400, 'VALIDATION');
    expect(Object.keys((res.json.data as { fieldErrors: Record<string, string[]> }).fieldErrors)).toEqual([
      'settings.replyDepth',
    ]);
  });
});
