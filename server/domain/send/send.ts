import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { encryptPersonField } from '../../lib/crypto/aead';
import { indexTokens } from '../../lib/crypto/search-tokens';
import { AppError } from '../../lib/errors';
import type { DomainEvent } from '../events';
import { repeatsAllowed } from '../../../shared/limits';
import { parseMentions } from '../../../shared/mentions';
import type { MessageOutput } from '../message/schemas';
import { refusals, sendStored, type SendOutcome, type SendPayloadItem } from './send-contract';
import { bodyBinding, bodyMac, reactionSelect, toView } from '../message/view';
import { evaluateText, policyRefusal } from '../policy/evaluate';
import { recordRefused, type RefusedHit } from '../policy/hits';
import { chargeSends } from '../policy/send-rate';
import { restrictionRefusalsOf } from '../lockdown/read';
import { consentRefusal, withoutConsent } from '../widget/consent';
import { screenSafely, type Caught } from '../moderation/screen';
import { holdsOf, keepChecked, type Holding } from '../moderation/hold';
import { personKeysOf, sendKeys } from './keys';
import { withFiles } from './files';
import type { Prepared, SendDeps, SendItem, TenantRead } from './types';

export type { SendDeps, SendItem, TenantRead } from './types';

export type SendResult =
  | { ok: true; message: MessageOutput; duplicate: boolean; notice: string | null }
  | { ok: false; error: AppError };

/** Where the send statement runs: a transaction, or the pool (the statement is its own transaction). */
type Runner = Pick<Tx, '$queryRaw'>;

type Hits = NonNullable<SendPayloadItem['hits']>;

/**
 * Stores a batch of sends of one workspace: one send from the API (inside its gate's transaction),
 * many concurrent ones from the socket batcher (group commit). Each item gets its own result; an
 * item that is refused takes nothing with it. Returns the events to publish once it has committed.
 *
 * The cryptography happens here, next to the keys; the checks and writes are one statement,
 * `app_send_messages` (prisma/functions/, its contract in send-contract.ts), so the conversation
 * locks are held for one round trip.
 * Membership is checked there too: a batch may hold senders whose gate ran before a removal.
 */

export async function sendBatch(
  deps: SendDeps,
  runner: Runner,
  read: TenantRead,
  workspaceId: WorkspaceId,
  items: SendItem[],
): Promise<{ results: SendResult[]; events: DomainEvent[]; rotateVersion: number | null }> {
  const { settings, version, sKey } = await sendKeys(deps, read, workspaceId);
  const now = new Date();
  const results: (SendResult | undefined)[] = items.map(() => undefined);
  const prepared: Prepared[] = [];
  const payload: SendPayloadItem[] = [];
  const firstOf = new Map<string, number>();
  const twins: [number, number][] = [];
  const passed: { index: number; sent: SendItem; hits: Hits; notice: string | null }[] = [];
  // A lockdown holds back everyone but admins, a quarantine its member; what they refuse is not
  // charged either.
  const restricted = await restrictionRefusalsOf(deps, read, workspaceId, items);
  // Where the workspace requires it, a widget visitor chats only once they agreed to its notice.
  const privacy = settings.widget.privacy;
  const visitors = items.flatMap((i) => (i.visitor && !i.approved ? [i.userId] : []));
  const unconsented = privacy.requireConsent
    ? await read((tx) => withoutConsent(tx, workspaceId, privacy, visitors))
    : new Set<string>();
  const locked = restricted.map(
    (r, i) => r.refusal ?? (items[i]?.visitor && unconsented.has(items[i].userId) ? consentRefusal() : null),
  );
  const open = items.flatMap((item, i) => (locked[i] || item.approved ? [] : [{ item, i }]));
  // Each send is charged to its sender's budget first: a flood is refused before any work on it.
  const charged = await chargeSends(
    deps,
    read,
    workspaceId,
    settings.security,
    open.map((o) => o.item),
    now,
  );
  const tooFastAt = new Map(open.map((o, k) => [o.i, charged.refusals[k] ?? null]));
  const refused: RefusedHit[] = [...charged.hits];
  for (const [index, item] of items.entries()) {
    const lockedOut = locked[index];
    if (lockedOut) {
      results[index] = { ok: false, error: lockedOut };
      continue;
    }
    const first = firstOf.get(item.clientMsgId);
    if (first !== undefined) {
      // The same id twice in one batch: a retry of the first if it is the same person and place.
      const f = items[first];
      if (f?.userId === item.userId && f.conversationId === item.conversationId) twins.push([index, first]);
      else results[index] = { ok: false, error: refusals.client_id_conflict(settings) };
      continue;
    }
    firstOf.set(item.clientMsgId, index);
    const tooFast = tooFastAt.get(index);
    if (tooFast) {
      results[index] = { ok: false, error: tooFast };
      continue;
    }
    const verdict = evaluateText(settings.security, item.body);
    const hits = verdict.hits.map((h) => ({ ...h, policyVersion: settings.security.version }));
    if (verdict.action === 'block') {
      results[index] = { ok: false, error: policyRefusal(verdict) };
      refused.push(...hits.map((h) => ({ ...h, userId: item.userId, conversationId: item.conversationId })));
      continue;
    }
    const sent = verdict.text === item.body ? item : { ...item, body: verdict.text };
    passed.push({ index, sent, hits, notice: verdict.notice });
  }
  // What the policy holds for a moderator instead of posting (threat.hold, and all that a member
  // in a quarantine that holds sends): kept in the queue, and the sender told it waits.
  const holds = await holdsOf(
    read,
    workspaceId,
    settings.security,
    passed.map(({ index, sent, hits }) => ({
      userId: sent.userId,
      hits: sent.approved ? [] : hits,
      quarantined: !sent.approved && restricted[index]?.quarantined === true,
    })),
    now,
  );
  const authorKeys = await personKeysOf(
    deps,
    read,
    workspaceId,
    passed.flatMap((p, k) => (holds[k] ? [] : [p.sent.userId])),
  );
  const checking: { index: number; held: Holding }[] = [];
  for (const [k, { index, sent, hits, notice }] of passed.entries()) {
    const hold = holds[k];
    if (hold) {
      checking.push({ index, held: { ...sent, parentId: sent.parentId ?? null, hits, ...hold } });
      // Its hits are evidence like a refusal's (no message yet): the security overview counts them.
      refused.push(...hits.map((h) => ({ ...h, userId: sent.userId, conversationId: sent.conversationId })));
      continue;
    }
    const id = randomUUID();
    const mentions = parseMentions(sent.body);
    const author = authorKeys.get(sent.userId);
    if (!author) throw new AppError('INTERNAL', 'No key for the author');
    prepared.push({ index, item: sent, id, mentions, notice });
    payload.push({
      userId: sent.userId,
      conversationId: sent.conversationId,
      clientMsgId: sent.clientMsgId,
      parentId: sent.parentId ?? null,
      messageId: id,
      bodyCiphertext: encryptPersonField(
        author.key,
        author.id,
        version,
        bodyBinding(workspaceId, id),
        sent.body,
      ).toString('base64'),
      searchTokens: indexTokens(sKey, sent.body),
      bodyMac: bodyMac(sKey, sent.conversationId, macText(sent)).toString('hex'),
      mentions: mentions.userIds,
      mentionChannel: mentions.channel,
      mentionHere: mentions.here,
      repeatsAllowed: repeatsAllowed(sent.body, settings.duplicateRepeats),
      fileIds: sent.fileIds ?? [],
      hits,
    });
  }
  // Held sends are checked by the statement as if they were sent (can their authors post there, is
  // the parent there, is it a repeat?), after the others, and stored by none of it.
  const checks: SendPayloadItem[] = checking.map(({ held: h }) => ({
    userId: h.userId,
    conversationId: h.conversationId,
    clientMsgId: h.clientMsgId,
    parentId: h.parentId,
    messageId: randomUUID(),
    bodyCiphertext: '',
    searchTokens: [],
    bodyMac: bodyMac(sKey, h.conversationId, macText(h)).toString('hex'),
    mentions: [],
    mentionChannel: false,
    mentionHere: false,
    repeatsAllowed: repeatsAllowed(h.body, settings.duplicateRepeats),
    fileIds: h.fileIds ?? [],
    check: true,
  }));
  const online = prepared.some((p) => p.mentions.here) ? await deps.presence.present() : [];
  const [row] = await runner.$queryRaw<{ out: unknown }[]>`
    SELECT app_send_messages(${workspaceId}::uuid, ${version}::int, ${settings.replyDepth}::int,
      ${settings.duplicateWindowSeconds}::int, ${now}::timestamptz, ${online}::text[],
      ${JSON.stringify([...payload, ...checks])}::jsonb) AS out`;
  if (!row) throw new AppError('INTERNAL', 'The send statement returned nothing');
  // One parse per batch: the statuses and shapes are checked, not cast.
  const stored = sendStored.parse(row.out);

  const events: DomainEvent[] = [];
  const retried = new Map<string, number>();
  const attached = await withFiles(deps, read, workspaceId, prepared, stored.results);
  prepared.forEach((p, k) => {
    const o = stored.results[k];
    if (!o) results[p.index] = { ok: false, error: new AppError('INTERNAL', 'Not processed') };
    else if (o.status === 'duplicate') retried.set(o.messageId, p.index);
    else if (o.status === 'ok') {
      const message = newView(p, o, now, attached.get(p.id) ?? []);
      results[p.index] = { ok: true, message, duplicate: false, notice: p.notice };
      events.push({ type: 'message:new', workspaceId, message });
      if (p.item.visitor && !p.item.parentId)
        events.push({
          type: 'inbox:updated',
          workspaceId,
          conversationId: message.conversationId,
          change: 'message',
        });
    } else if (o.status === 'checked')
      results[p.index] = { ok: false, error: new AppError('INTERNAL', 'Not sent') };
    else results[p.index] = { ok: false, error: refusals[o.status](settings) };
  });
  const outcomes = stored.results.slice(payload.length);
  for (const k of await keepChecked(deps, workspaceId, checking, outcomes, settings)) {
    if (k.error) results[k.index] = { ok: false, error: k.error };
    else retried.set(k.retryOf, k.index);
  }

  if (retried.size > 0 || stored.parents.length > 0) {
    // Retries get what was stored for their id; touched thread parents go out with their new counts.
    const ids = [...retried.keys(), ...stored.parents];
    const views = await read(async (tx) => {
      const rows = await tx.message.findMany({
        where: { workspaceId, id: { in: ids } },
        include: { reactions: reactionSelect },
      });
      return Promise.all(rows.map((m) => toView({ tx, deps }, m)));
    });
    for (const view of views) {
      const index = retried.get(view.id);
      if (index !== undefined) results[index] = { ok: true, message: view, duplicate: true, notice: null };
      if (stored.parents.includes(view.id))
        events.push({ type: 'message:updated', workspaceId, message: view });
    }
  }
  const byId = new Map(prepared.map((p) => [p.id, p]));
  for (const n of stored.notified) {
    const p = byId.get(n.messageId);
    const r = p && results[p.index];
    if (!p || !r?.ok) continue;
    events.push({
      type: 'notification',
      workspaceId,
      userId: n.userId,
      kind: n.kind,
      conversationId: p.item.conversationId,
      messageId: p.id,
      seq: r.message.seq,
    });
  }
  // Messages stored with hits are scored: a review, an alert or an automatic quarantine may follow.
  const caught: Caught[] = prepared.flatMap((p, k) => {
    const r = results[p.index];
    const hits = payload[k]?.hits ?? [];
    return r?.ok && !r.duplicate && !p.item.approved && hits.length > 0
      ? [{ messageId: p.id, conversationId: p.item.conversationId, authorId: p.item.userId, hits }]
      : [];
  });
  events.push(...(await screenSafely(read, workspaceId, settings.security, caught, now)));
  for (const [index, first] of twins) {
    const r = results[first];
    results[index] = r?.ok ? { ...r, duplicate: true } : r;
  }
  // Refused sends leave a trace for the security overview, in a transaction of their own: the
  // API's own transaction rolls back with the refusal.
  if (refused.length > 0) await recordRefused(deps, workspaceId, refused);
  // Every encryption counts toward the key's limit, stored or not; the caller rotates after commit.
  const atLimit = prepared.length > 0 && deps.keys.ring.count(workspaceId, version, prepared.length);
  return {
    results: results.map((r) => r ?? { ok: false, error: new AppError('INTERNAL', 'Not processed') }),
    events,
    rotateVersion: atLimit ? version : null,
  };
}

/** The duplicate window compares texts; a message of files alone is never a repeat. */
const macText = (m: { body: string; fileIds?: string[] | undefined }) =>
  m.body === '' && m.fileIds?.length ? `files:${m.fileIds.join(',')}` : m.body;

function newView(
  p: Prepared,
  o: Extract<SendOutcome, { status: 'ok' }>,
  now: Date,
  files: MessageOutput['files'],
): MessageOutput {
  return {
    id: p.id,
    conversationId: p.item.conversationId,
    seq: o.seq,
    rev: o.rev,
    clientMsgId: p.item.clientMsgId,
    authorId: p.item.userId,
    parentId: p.item.parentId ?? null,
    depth: o.depth,
    body: p.item.body,
    undecryptable: false,
    mentions: p.mentions.userIds,
    mentionChannel: p.mentions.channel,
    mentionHere: p.mentions.here,
    replyCount: 0,
    lastReplyAt: null,
    threadParticipants: [],
    reactions: [],
    pinnedAt: null,
    pinnedBy: null,
    editedAt: null,
    correctedAt: null,
    deletedAt: null,
    createdAt: now.toISOString(),
    files,
    event: null,
  };
}
