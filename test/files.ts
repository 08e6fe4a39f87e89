import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { resolveActor } from '../server/auth/actor';
import type { FileOutput } from '../server/domain/attachment/schemas';
import { storeUpload, storeVersion } from '../server/http/files';
import { testMeta, type TestUser } from './actors';
import type { Caller } from './factories';
import { testRuntime } from './runtime';

/** A tiny valid PNG (1×1, red), for uploads that must be images. */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

/** The EICAR test file, put together at run time so no file of the repository holds it whole. */
export const eicar = () =>
  Buffer.from(`X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-` + `ANTIVIRUS-TEST-FILE!$H+H*`);

/**
 * Uploads bytes as a person (a signed-in user or a widget visitor, by their token), through the
 * same gate, limits and store as the HTTP route.
 */
export async function uploadAs(
  who: Pick<TestUser, 'token'>,
  workspaceId: string,
  conversationId: string,
  name: string,
  bytes: Buffer,
): Promise<FileOutput> {
  const rt = testRuntime();
  const actor = await resolveActor(rt, new Headers({ authorization: `Bearer ${who.token}` }));
  if (!actor) throw new Error('uploadAs: the token names nobody');
  return storeUpload(
    rt,
    { actor, workspaceId, meta: testMeta() },
    { conversationId, name, declaredBytes: bytes.length },
    Readable.from([bytes]),
  );
}

/** Uploads a file as a person and sends it on a message of its own (files alone, no text). */
export async function sendFileAs(
  who: TestUser & { api: Caller },
  workspaceId: string,
  conversationId: string,
  name: string,
  bytes: Buffer,
): Promise<FileOutput> {
  const f = await uploadAs(who, workspaceId, conversationId, name, bytes);
  await who.api.message.send({
    workspaceId,
    conversationId,
    clientMsgId: `f-${randomUUID()}`,
    fileIds: [f.id],
  });
  return f;
}

/** Uploads a new version of a file as a person, through the same gates and store as `POST …/versions`. */
export async function replaceAs(
  who: Pick<TestUser, 'token'>,
  workspaceId: string,
  fileId: string,
  name: string,
  bytes: Buffer,
): Promise<FileOutput> {
  const rt = testRuntime();
  const actor = await resolveActor(rt, new Headers({ authorization: `Bearer ${who.token}` }));
  if (!actor) throw new Error('replaceAs: the token names nobody');
  return storeVersion(
    rt,
    { actor, workspaceId, meta: testMeta() },
    { fileId, name, declaredBytes: bytes.length },
    Readable.from([bytes]),
  );
}

/** Waits until a file's scan (and thumbnail, for images) is done; returns its status. */
export async function settled(workspaceId: string, fileId: string, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [v] = await testRuntime().db.admin.$queryRaw<
      { status: string; mime: string; thumb_key: string | null }[]
    >`
      SELECT v.status, v.mime, v.thumb_key FROM file_version v JOIN file f ON f.workspace_id = v.workspace_id
        AND f.id = v.file_id AND v.version = f.current_version
      WHERE f.workspace_id = ${workspaceId}::uuid AND f.id = ${fileId}::uuid`;
    const image = v?.mime.startsWith('image/') && (v.status === 'clean' || v.status === 'unscanned');
    if (v && v.status !== 'pending' && (!image || v.thumb_key)) return v.status;
    if (Date.now() > until) throw new Error(`file ${fileId} still ${v?.status ?? 'missing'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until a file's current version has its thumbnail (a PDF's page preview comes after the
 * scan, which `settled` waits for); returns the size recorded with it.
 */
export async function previewed(
  workspaceId: string,
  fileId: string,
  timeoutMs = 30_000,
): Promise<{ width: number | null; height: number | null }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [v] = await testRuntime().db.admin.$queryRaw<
      { thumb_key: string | null; width: number | null; height: number | null }[]
    >`
      SELECT v.thumb_key, v.width, v.height FROM file_version v JOIN file f
        ON f.workspace_id = v.workspace_id AND f.id = v.file_id AND v.version = f.current_version
      WHERE f.workspace_id = ${workspaceId}::uuid AND f.id = ${fileId}::uuid`;
    if (v?.thumb_key) return { width: v.width, height: v.height };
    if (Date.now() > until) throw new Error(`file ${fileId} has no thumbnail after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Every file table with rows, for the tests that need one of each: an image sent and scanned (its
 * thumbnail made), and a file whose message was deleted (its blobs queued for removal).
 */
export async function seedFiles(ws: {
  id: string;
  general: { id: string };
  owner: TestUser & { api: Caller };
}) {
  const picture = await uploadAs(ws.owner, ws.id, ws.general.id, 'seed.png', PNG_1x1);
  const send = (fileIds: string[]) =>
    ws.owner.api.message.send({
      workspaceId: ws.id,
      conversationId: ws.general.id,
      clientMsgId: `seed-${randomUUID()}`,
      fileIds,
    });
  await send([picture.id]);
  await settled(ws.id, picture.id);
  const gone = await uploadAs(ws.owner, ws.id, ws.general.id, 'gone.txt', Buffer.from('gone'));
  const { message } = await send([gone.id]);
  await settled(ws.id, gone.id);
  await ws.owner.api.message.delete({ workspaceId: ws.id, messageId: message.id });
}

/**
 * A file_share row (and the file_shared notification it sends): the owner's file in #general,
 * shared with `userId` to download for a day, and an earlier share of it revoked.
 */
export async function seedShare(
  ws: { id: string; general: { id: string }; owner: TestUser & { api: Caller } },
  userId: string,
) {
  const f = await uploadAs(ws.owner, ws.id, ws.general.id, 'shared.txt', Buffer.from('shared'));
  await ws.owner.api.message.send({
    workspaceId: ws.id,
    conversationId: ws.general.id,
    clientMsgId: `share-${randomUUID()}`,
    fileIds: [f.id],
  });
  const first = await ws.owner.api.attachment.share({ workspaceId: ws.id, fileId: f.id, userId });
  await ws.owner.api.attachment.revokeShare({ workspaceId: ws.id, shareId: first.id });
  await ws.owner.api.attachment.share({
    workspaceId: ws.id,
    fileId: f.id,
    userId,
    download: true,
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
}
