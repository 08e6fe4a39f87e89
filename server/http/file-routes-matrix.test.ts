import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, type TestUser } from '../../test/actors';
import { PNG_1x1, settled, uploadAs } from '../../test/files';
import { buildFixture } from '../../test/matrix/fixture';
import { fileRouteCases, type FileRouteFixture } from '../../test/matrix/file-routes';
import { snapshot } from '../../test/matrix/snapshot';
import { useTestServer } from '../../test/server';
import { FILE_ROUTES } from './files';

// The isolation matrix for the routes that move a file's bytes (raw uploads, new versions,
// downloads), which the OpenAPI document does not list: every outsider, and everyone of A outside
// the file's conversation or its shares, is refused with a typed error and no data, nothing
// changes; then the allowed caller succeeds with the same request.

const app = useTestServer();
let f: FileRouteFixture;

beforeAll(async () => {
  const fixture = await buildFixture('files');
  const image = await uploadAs(fixture.ownerA, fixture.a.id, fixture.privateA.id, 'matrix.png', PNG_1x1);
  await (
    await callerFor(fixture.ownerA)
  ).message.send({
    workspaceId: fixture.a.id,
    conversationId: fixture.privateA.id,
    clientMsgId: `matrix-image-${randomUUID()}`,
    fileIds: [image.id],
  });
  f = { ...fixture, imageA: { id: image.id } };
  for (const id of [f.fileA.id, f.imageA.id]) expect(await settled(f.a.id, id)).toBe('clean');
});

function request(key: string, headers: Record<string, string>) {
  const c = fileRouteCases[key]!;
  const [method] = key.split(' ');
  return fetch(`${app.url}${c.path(f, f.a.id)}`, {
    method,
    headers: {
      ...headers,
      ...(c.body && {
        'x-file-name': encodeURIComponent('matrix.txt'),
        'content-type': 'application/octet-stream',
      }),
    },
    ...(c.body && { body: new Uint8Array(c.body) }),
  });
}

const bearer = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });

describe('isolation matrix (file routes)', () => {
  it('has a case for every route that moves a file', () => {
    expect(FILE_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      Object.keys(fileRouteCases).sort(),
    );
  });

  it('refuses every file route on A to outsiders, removed members, visitors, keys and those outside the file, and changes nothing', async () => {
    const before = await snapshot(f.a.id);
    for (const key of Object.keys(fileRouteCases)) {
      const c = fileRouteCases[key]!;
      const callers: [string, Record<string, string>][] = [
        ['owner of B', bearer(f.ownerB)],
        ['removed member', bearer(f.removedA)],
        ['anonymous', {}],
        ['API key of B', { 'x-api-key': f.keyB }],
        ['read-only key of A', { 'x-api-key': f.keyAReadOnly }],
        ['widget visitor of B', bearer(f.visitorB)],
        ['widget visitor of A', bearer(f.visitorA)],
        ...c
          .alsoRefused(f)
          .map((u): [string, Record<string, string>] => [`${u.name} (outside the file)`, bearer(u)]),
      ];
      for (const [who, headers] of callers) {
        const res = await request(key, headers);
        const text = await res.text();
        const label = `${key} as ${who}: ${res.status} ${text.slice(0, 160)}`;
        expect([401, 403, 404], label).toContain(res.status);
        const body = JSON.parse(text) as { data?: { appCode?: string } };
        expect(body.data?.appCode, label).toMatch(/^(UNAUTHORIZED|FORBIDDEN|NOT_FOUND)$/);
        expect(text, label).not.toContain('fixture file');
      }
    }
    expect(await snapshot(f.a.id)).toEqual(before);
  });

  it('accepts every file route from A’s owner with the same request (so the refusals are about who)', async () => {
    for (const [key, c] of Object.entries(fileRouteCases)) {
      const res = await request(key, bearer(f.ownerA));
      expect(res.status, `${key}: ${(await res.clone().text()).slice(0, 160)}`).toBe(c.allowedStatus);
      if (key.endsWith('/content')) expect(await res.text()).toBe('fixture file');
    }
  });
});
