import { z } from 'zod';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { env } from '../../env';
import { encryptField, encryptPersonField, type Binding } from '../../lib/crypto/aead';
import { keyBinding, nameBinding, commentBinding } from '../attachment/bindings';
import { AppError } from '../../lib/errors';
import { indexTokens } from '../../lib/crypto/search-tokens';
import { uuidInput } from '../../lib/text';
import type { Deps } from '../deps';
import { noteBinding } from '../inbox/notes';
import { heldBinding } from '../moderation/hold';
import { bodyBinding, bodyMac, editBinding } from '../message/view';

export const rotationJob = z.object({ workspaceId: uuidInput(), version: z.number().int().min(1) });
export type RotationJob = z.infer<typeof rotationJob>;

/** Rows of a workspace still encrypted under a version older than `version`. */
export async function pendingRows(tx: Tx, workspaceId: string, version: number) {
  const [m, e, n, h, p, f, c] = await Promise.all([
    tx.message.count({ where: { workspaceId, keyVersion: { lt: version } } }),
    tx.messageEdit.count({ where: { workspaceId, keyVersion: { lt: version } } }),
    tx.supportNote.count({ where: { workspaceId, keyVersion: { lt: version } } }),
    tx.review.count({ where: { workspaceId, heldKeyVersion: { lt: version } } }),
    tx.personKey.count({ where: { workspaceId, wrapVersion: { lt: version } } }),
    tx.fileVersion.count({ where: { workspaceId, keyVersion: { lt: version } } }),
    tx.fileComment.count({ where: { workspaceId, keyVersion: { lt: version } } }),
  ]);
  return m + e + n + h + p + f + c;
}

/** How many encrypted rows each key version holds now (the rows `pendingRows` counts). */
export async function rowsByVersion(tx: Tx, workspaceId: string): Promise<Map<number, number>> {
  const rows = await tx.$queryRaw<{ v: number; n: bigint }[]>`
    SELECT v, count(*) AS n FROM (
      SELECT key_version AS v FROM message WHERE workspace_id = ${workspaceId}::uuid
      UNION ALL SELECT key_version FROM message_edit WHERE workspace_id = ${workspaceId}::uuid
      UNION ALL SELECT key_version FROM support_note WHERE workspace_id = ${workspaceId}::uuid
      UNION ALL SELECT held_key_version FROM review
        WHERE workspace_id = ${workspaceId}::uuid AND held_key_version IS NOT NULL
      UNION ALL SELECT wrap_version FROM person_key WHERE workspace_id = ${workspaceId}::uuid
      UNION ALL SELECT key_version FROM file_version WHERE workspace_id = ${workspaceId}::uuid
      UNION ALL SELECT key_version FROM file_comment WHERE workspace_id = ${workspaceId}::uuid
    ) held GROUP BY v`;
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.v, Number(r.n));
  return counts;
}

const persons = (ring: Deps['keys']['ring']) => {
  if (!ring.persons) throw new AppError('INTERNAL', 'Person keys are not configured');
  return ring.persons;
};

async function membersAmong(tx: Tx, workspaceId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Set<string>();
  const rows = await tx.member.findMany({
    where: { workspaceId, userId: { in: wanted } },
    select: { userId: true },
  });
  return new Set(rows.map((r) => r.userId));
}

/**
 * Re-encrypts one batch of rows still under an older version into `version`: bodies, edit history,
 * support notes, held messages, search tokens (rebuilt under the new search key) and duplicate hashes. Rows are locked with SKIP
 * LOCKED so concurrent edits are never overwritten; reads work throughout (every version decrypts).
 * Returns how many rows it moved.
 */
async function reencryptBatch(
  keys: Deps['keys'],
  tx: Tx,
  workspaceId: WorkspaceId,
  version: number,
  limit: number,
) {
  const ring = keys.ring;
  const key = await ring.key(tx, workspaceId, version);
  const sKey = await keys.searchKeyFor(tx, workspaceId, version);
  // People's keys are re-wrapped, never replaced: what they encrypt stays theirs to erase.
  const people = await tx.$queryRaw<
    { id: string; user_id: string; wrapped: Uint8Array; wrap_version: number }[]
  >`
    SELECT id, user_id, wrapped, wrap_version FROM person_key
    WHERE workspace_id = ${workspaceId}::uuid AND wrap_version < ${version}
    LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  for (const p of people) {
    const stored = {
      workspaceId,
      id: p.id,
      userId: p.user_id,
      wrapped: Buffer.from(p.wrapped),
      wrapVersion: p.wrap_version,
    };
    await tx.personKey.update({
      where: { workspaceId_id: { workspaceId, id: p.id } },
      data: {
        wrapped: new Uint8Array(await persons(ring).rewrap(tx, stored, version)),
        wrapVersion: version,
      },
    });
  }
  const msgs = await tx.$queryRaw<
    { id: string; conversation_id: string; body: Uint8Array | null; author_id: string | null }[]
  >`
    SELECT id, conversation_id, body, author_id FROM message WHERE workspace_id = ${workspaceId}::uuid AND key_version < ${version}
    LIMIT ${Math.max(limit - people.length, 0)} FOR UPDATE SKIP LOCKED`;
  const edits = await tx.$queryRaw<{ id: string; body: Uint8Array; author_id: string | null }[]>`
    SELECT e.id, e.body, m.author_id FROM message_edit e
    LEFT JOIN message m ON m.workspace_id = e.workspace_id AND m.id = e.message_id
    WHERE e.workspace_id = ${workspaceId}::uuid AND e.key_version < ${version}
    LIMIT ${Math.max(limit - people.length - msgs.length, 0)} FOR UPDATE OF e SKIP LOCKED`;
  // Texts move under their author's key; authors no longer members (erased people whose texts a
  // legal hold keeps) stay under the workspace key, and get no new key.
  const owners = await membersAmong(
    tx,
    workspaceId,
    [...msgs, ...edits].map((r) => r.author_id),
  );
  const seal = async (binding: ReturnType<typeof bodyBinding>, author: string | null, text: string) => {
    if (!author || !owners.has(author)) return encryptField(key, version, binding, text);
    const pk = await persons(ring).of(tx, workspaceId, author);
    return encryptPersonField(pk.key, pk.id, version, binding, text);
  };
  for (const m of msgs) {
    if (!m.body) {
      await tx.message.update({ where: { id: m.id }, data: { keyVersion: version } });
      continue;
    }
    const text = await ring.decrypt(tx, bodyBinding(workspaceId, m.id), Buffer.from(m.body));
    await tx.message.update({
      where: { id: m.id },
      data: {
        body: new Uint8Array(await seal(bodyBinding(workspaceId, m.id), m.author_id, text)),
        keyVersion: version,
        searchTokens: indexTokens(sKey, text),
        bodyMac: new Uint8Array(bodyMac(sKey, m.conversation_id, text)),
      },
    });
  }
  for (const e of edits) {
    const text = await ring.decrypt(tx, editBinding(workspaceId, e.id), Buffer.from(e.body));
    await tx.messageEdit.update({
      where: { id: e.id },
      data: {
        body: new Uint8Array(await seal(editBinding(workspaceId, e.id), e.author_id, text)),
        keyVersion: version,
      },
    });
  }
  // The support inbox's internal notes, as private as message text.
  const notes = await tx.$queryRaw<{ id: string; body: Uint8Array }[]>`
    SELECT id, body FROM support_note WHERE workspace_id = ${workspaceId}::uuid AND key_version < ${version}
    LIMIT ${Math.max(limit - people.length - msgs.length - edits.length, 0)} FOR UPDATE SKIP LOCKED`;
  for (const n of notes) {
    const text = await ring.decrypt(tx, noteBinding(workspaceId, n.id), Buffer.from(n.body));
    await tx.supportNote.update({
      where: { id: n.id },
      data: {
        body: new Uint8Array(encryptField(key, version, noteBinding(workspaceId, n.id), text)),
        keyVersion: version,
      },
    });
  }
  // Messages held for a moderator (server/domain/moderation/hold.ts), kept with their reviews.
  const held = await tx.$queryRaw<{ id: string; held_body: Uint8Array }[]>`
    SELECT id, held_body FROM review WHERE workspace_id = ${workspaceId}::uuid AND held_key_version < ${version}
    LIMIT ${Math.max(limit - people.length - msgs.length - edits.length - notes.length, 0)} FOR UPDATE SKIP LOCKED`;
  for (const h of held) {
    const text = await ring.decrypt(tx, heldBinding(workspaceId, h.id), Buffer.from(h.held_body));
    await tx.review.update({
      where: { workspaceId_id: { workspaceId, id: h.id } },
      data: {
        heldBody: new Uint8Array(encryptField(key, version, heldBinding(workspaceId, h.id), text)),
        heldKeyVersion: version,
      },
    });
  }
  const files = await rewrapFiles(
    tx,
    ring,
    key,
    workspaceId,
    version,
    limit - people.length - msgs.length - edits.length - notes.length - held.length,
  );
  const before = people.length + msgs.length + edits.length + notes.length + held.length + files;
  // Comments on files, written like messages: under their author's key while they are a member.
  const comments = await tx.$queryRaw<{ id: string; body: Uint8Array; author_id: string }[]>`
    SELECT id, body, author_id FROM file_comment WHERE workspace_id = ${workspaceId}::uuid AND key_version < ${version}
    LIMIT ${Math.max(limit - before, 0)} FOR UPDATE SKIP LOCKED`;
  const commenters = await membersAmong(
    tx,
    workspaceId,
    comments.map((r) => r.author_id),
  );
  for (const c of comments) {
    const b = commentBinding(workspaceId, c.id);
    const text = await ring.decrypt(tx, b, Buffer.from(c.body));
    const sealed = commenters.has(c.author_id)
      ? await persons(ring)
          .of(tx, workspaceId, c.author_id)
          .then((pk) => encryptPersonField(pk.key, pk.id, version, b, text))
      : encryptField(key, version, b, text);
    await tx.fileComment.update({
      where: { workspaceId_id: { workspaceId, id: c.id } },
      data: { body: new Uint8Array(sealed), keyVersion: version },
    });
  }
  const moved = before + comments.length;
  ring.count(workspaceId, version, moved);
  await tx.workspaceKey.update({
    where: { workspaceId_version: { workspaceId, version } },
    data: { rotationDone: { increment: moved } },
  });
  return moved;
}

/**
 * Files' keys and names move under the new version; the files themselves are not touched (each
 * has its own key, which only changes its wrapping).
 */
async function rewrapFiles(
  tx: Tx,
  ring: Deps['keys']['ring'],
  key: Buffer,
  workspaceId: WorkspaceId,
  version: number,
  limit: number,
) {
  if (limit <= 0) return 0;
  const rows = await tx.$queryRaw<{ id: string; name: Uint8Array; wrapped_key: Uint8Array }[]>`
    SELECT id, name, wrapped_key FROM file_version WHERE workspace_id = ${workspaceId}::uuid AND key_version < ${version}
    LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  for (const r of rows) {
    const seal = async (b: Binding, blob: Uint8Array) =>
      new Uint8Array(encryptField(key, version, b, await ring.decrypt(tx, b, Buffer.from(blob))));
    await tx.fileVersion.update({
      where: { workspaceId_id: { workspaceId, id: r.id } },
      data: {
        name: await seal(nameBinding(workspaceId, r.id), r.name),
        wrappedKey: await seal(keyBinding(workspaceId, r.id), r.wrapped_key),
        keyVersion: version,
      },
    });
  }
  return rows.length;
}

/** The job: batches until nothing older is left, then marks the rotation finished. */
export async function runRotation(deps: Pick<Deps, 'keys' | 'tenants'>, job: RotationJob): Promise<void> {
  const limit = env().KEY_ROTATION_BATCH;
  const inWorkspace = <T>(fn: (tx: Tx, ws: WorkspaceId) => Promise<T>) =>
    deps.tenants.system(job.workspaceId, fn);
  for (;;) {
    const moved = await inWorkspace((tx, ws) => reencryptBatch(deps.keys, tx, ws, job.version, limit));
    if (moved > 0) continue;
    // Nothing movable: done, or the rest is locked by a writer for a moment.
    const left = await inWorkspace((tx, ws) => pendingRows(tx, ws, job.version));
    if (left === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await inWorkspace(async (tx, ws) => {
    await tx.workspaceKey.update({
      where: { workspaceId_version: { workspaceId: ws, version: job.version } },
      data: { rotationFinishedAt: new Date() },
    });
  });
}
