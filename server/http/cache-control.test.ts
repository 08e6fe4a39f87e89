import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../env';
import { widgetOn, widgetVisitor, workspaceWith, type Person } from '../../test/factories';
import { useTestServer } from '../../test/server';

const app = useTestServer();
let alice: Person;
let workspaceId: string;
let slug: string;
let apiKey: string;
let cookie: string;
let visitorToken: string;

beforeAll(async () => {
  const ws = await workspaceWith({}, { name: 'Cache', owner: 'Cache Alice' });
  [alice, workspaceId, slug] = [ws.owner, ws.id, ws.slug];
  apiKey = (await alice.api.apiKey.create({ workspaceId, name: 'reader', scopes: ['members:read'] })).key;
  // An anonymous visitor of a widget embedded on the app's own origin.
  const here = env().APP_URL;
  await widgetOn(ws, { host: here, anonymous: true });
  visitorToken = (await widgetVisitor(ws, { host: here, from: here })).token;
  const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: env().APP_URL },
    body: JSON.stringify({ email: alice.email, password: alice.password }),
  });
  cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { headers }).then(async (r) => {
    await r.arrayBuffer();
    return { status: r.status, cacheControl: r.headers.get('cache-control') };
  });
const input = (v: unknown) => encodeURIComponent(JSON.stringify(v));

describe('Cache-Control on responses to callers who present a credential', () => {
  it('is private, no-store for tRPC queries, REST, get-session and errors, whatever the credential', async () => {
    const bearer = { authorization: `Bearer ${alice.token}` };
    const cases: [string, Record<string, string>, number][] = [
      ['/api/trpc/workspace.listMine', bearer, 200],
      ['/api/trpc/workspace.listMine', { cookie }, 200],
      ['/api/v1/workspaces', bearer, 200],
      [`/api/v1/workspaces/${workspaceId}/members`, { 'x-api-key': apiKey }, 200],
      [`/api/v1/workspaces/${workspaceId}/members`, { authorization: `Bearer ${apiKey}` }, 200],
      [
        `/api/trpc/widget.me?input=${input({ workspaceId })}`,
        { authorization: `Bearer ${visitorToken}` },
        200,
      ],
      ['/api/auth/get-session', { cookie }, 200],
      ['/api/auth/get-session', bearer, 200],
      // Refusals and unknown routes too: they answer this caller.
      ['/api/v1/workspaces', { authorization: 'Bearer not-a-session' }, 401],
      ['/api/v1/no-such-route', bearer, 404],
      ['/api/no-such-route', bearer, 404],
    ];
    for (const [path, headers, status] of cases) {
      expect(await get(path, headers), `${path} ${Object.keys(headers).join()}`).toEqual({
        status,
        cacheControl: 'private, no-store',
      });
    }
  });

  it('leaves anonymous public responses as their handlers set them', async () => {
    expect((await get('/api/health')).cacheControl).toBe('no-store');
    expect((await get('/api/v1/openapi.json')).cacheControl).toBe('no-store');
    const config = await get(`/api/trpc/widget.config?input=${input({ workspace: slug })}`);
    expect(config.status).toBe(200);
    expect(config.cacheControl ?? '').not.toContain('private');
  });
});
