import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/client';
import { encryptField } from '../../lib/crypto/aead';
import { AppError } from '../../lib/errors';
import { policyWords } from '../../../shared/policy';
import type { WorkspaceSettings } from '../workspace/settings';
import { refusals, type SendOutcome } from '../send/send-contract';
import { logFailure } from '../../lib/logger';
import type { Deps } from '../deps';
import type { PolicyHit } from '../policy/evaluate';
import type { SecurityPolicy } from '../policy/schemas';
import { queueChanged, recentOffences } from './screen';
import { threatScore } from './score';
import { trustOf } from './trust';

/** Where a held message's text is bound: its review's row (a copy elsewhere does not decrypt). */
export const heldBinding = (workspaceId: string, reviewId: string) => ({
  workspaceId,
  table: 'review',
  rowId: reviewId,
  column: 'held_body',
});

/** A send that matched rules, before it is stored. */
export interface Candidate {
  userId: string;
  hits: readonly PolicyHit[];
  /** Its author is in a quarantine that holds: it waits for review whatever it matched. */
  quarantined: boolean;
}

/** Why a send is held, with the score it got (0 when it matched nothing). */
export interface HoldReason {
  score: number;
  flagged: boolean;
  inQuarantine: boolean;
}

/** A send the policy holds: its text as it would have been stored, where it was going, and why. */
export interface Holding {
  userId: string;
  conversationId: string;
  clientMsgId: string;
  parentId: string | null;
  body: string;
  /** The files it would carry: they stay unsent uploads until a moderator posts it. */
  fileIds?: string[] | undefined;
  hits: readonly PolicyHit[];
  score: number;
  flagged: boolean;
  inQuarantine: boolean;
}

/**
 * Which of these sends are held back, and why: every send of an author in a quarantine that
 * holds, and, when the policy holds (threat.hold), those it would queue for review, that is flagged
 * by a rule or scoring at least threat.holdAt. Null for a send that is posted (one with hits is
 * then screened after it is stored).
 */
export async function holdsOf(
  read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  workspaceId: string,
  policy: SecurityPolicy,
  candidates: readonly Candidate[],
  now: Date,
): Promise<(HoldReason | null)[]> {
  const caught = candidates.filter((c) => c.hits.length > 0 && (policy.threat.hold || c.quarantined));
  if (caught.length === 0)
    return candidates.map((c) => (c.quarantined ? { score: 0, flagged: false, inQuarantine: true } : null));
  const authors = [...new Set(caught.map((c) => c.userId))];
  const [trust, offences] = await read((tx) =>
    Promise.all([trustOf(tx, workspaceId, authors, { now }), recentOffences(tx, workspaceId, authors, now)]),
  );
  return candidates.map((c) => {
    const inQuarantine = c.quarantined;
    if (c.hits.length === 0) return inQuarantine ? { score: 0, flagged: false, inQuarantine } : null;
    const score = threatScore(c.hits, trust.get(c.userId)?.score ?? 50, offences.get(c.userId) ?? 0);
    const flagged = c.hits.some((h) => h.action === 'flag');
    if (inQuarantine) return { score, flagged, inQuarantine };
    return policy.threat.hold && (flagged || score >= policy.threat.holdAt)
      ? { score, flagged, inQuarantine }
      : null;
  });
}

/**
 * Keeps held sends in the moderation queue: a review each, with the text encrypted under the
 * workspace's current key. In a transaction of its own (an API send that was held answers with a
 * refusal, which rolls its own transaction back); a retried send of one already held adds nothing.
 * Moderators hear of it. Returns whether they were kept: if not, the senders are told to try again
 * rather than that their messages wait.
 */
export async function holdMessages(
  deps: Pick<Deps, 'tenants' | 'keys' | 'events'>,
  workspaceId: string,
  held: readonly Holding[],
): Promise<boolean> {
  if (held.length === 0) return true;
  try {
    const changed = await deps.tenants.system(workspaceId, async (tx, ws) => {
      const { version, key } = await deps.keys.ring.current(tx, ws);
      for (const h of held) {
        const id = randomUUID();
        const body = encryptField(key, version, heldBinding(ws, id), h.body);
        await tx.$executeRaw`
          INSERT INTO review (id, workspace_id, message_id, conversation_id, author_id, score, flagged,
            held_body, held_key_version, held_client_msg_id, held_parent_id, held_hits, held_in_quarantine,
            held_file_ids)
          VALUES (${id}::uuid, ${ws}::uuid, NULL, ${h.conversationId}::uuid, ${h.userId}, ${h.score},
            ${h.flagged}, ${body}, ${version}, ${h.clientMsgId}, ${h.parentId}::uuid,
            ${JSON.stringify(h.hits)}::jsonb, ${h.inQuarantine}, ${h.fileIds ?? []}::uuid[])
          ON CONFLICT (workspace_id, author_id, held_client_msg_id) DO NOTHING`;
      }
      return queueChanged(tx, ws, 'queued');
    });
    await deps.events.publish(changed);
    return true;
  } catch (err) {
    logFailure(err, 'could not hold messages for review', { workspaceId, held: held.length });
    return false;
  }
}

/** What became of a held send once the send statement checked it. */
export type Checked =
  { index: number; error: AppError; retryOf: null } | { index: number; error: null; retryOf: string };

/**
 * Keeps the held sends the statement found could be posted ('checked') for review, and answers
 * each: HELD, or why it could not be kept. One its conversation refuses (the author cannot post
 * there, the parent is gone, a repeat) is refused now rather than at approval; one whose client id
 * is already a message (approved since, and retried) is a retry of that message.
 */
export async function keepChecked(
  deps: Pick<Deps, 'tenants' | 'keys' | 'events'>,
  workspaceId: string,
  checking: readonly { index: number; held: Holding }[],
  outcomes: readonly SendOutcome[],
  settings: WorkspaceSettings,
): Promise<Checked[]> {
  const out: Checked[] = [];
  const keep: { index: number; held: Holding }[] = [];
  checking.forEach((c, j) => {
    const o = outcomes[j];
    if (o?.status === 'checked') keep.push(c);
    else if (o?.status === 'duplicate') out.push({ index: c.index, error: null, retryOf: o.messageId });
    else if (o && o.status !== 'ok')
      out.push({ index: c.index, error: refusals[o.status](settings), retryOf: null });
    else out.push({ index: c.index, error: new AppError('INTERNAL', 'Not processed'), retryOf: null });
  });
  if (keep.length === 0) return out;
  const kept = await holdMessages(
    deps,
    workspaceId,
    keep.map((k) => k.held),
  );
  const answer = kept
    ? new AppError('HELD', policyWords.held)
    : new AppError('UNAVAILABLE', 'The message could not be kept for review; try again', {
        retryAfterSeconds: 2,
      });
  return [...out, ...keep.map((k) => ({ index: k.index, error: answer, retryOf: null }))];
}
