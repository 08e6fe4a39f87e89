import type { Review, MessageReport } from '../../db/generated/client';
import { REPORT_REASONS, REVIEW_STATUSES, type ReviewCause } from '../../../shared/moderation';
import { z } from 'zod';
import { logger } from '../../lib/logger';
import { bodyBinding } from '../message/view';
import { heldBinding } from './hold';
import { hitInWords } from '../policy/evaluate';
import type { ServiceCtx } from '../scope';
import type { ReviewItem } from './schemas';
import { trustOf } from './trust';

type Row = Review & { reports: MessageReport[] };

const reason = z.enum(REPORT_REASONS).catch('other');
const status = z.enum(REVIEW_STATUSES).catch('open');
/** The rules a held message matched, as hold.ts keeps them (source, rule and action). */
const heldHits = z.array(z.object({ source: z.string(), rule: z.string(), action: z.string() })).catch([]);

/** "#general", "a direct message", …: where a message was, for someone deciding on it. */
const whereOf = (c: { kind: string; name: string | null } | undefined) => {
  if (!c) return 'a conversation';
  if (c.kind === 'channel' && c.name) return `#${c.name}`;
  if (c.kind === 'dm') return 'a direct message';
  if (c.kind === 'group') return 'a group conversation';
  return c.name ?? 'a record conversation';
};

/**
 * Reviews as the queue shows them: each message decrypted (moderators see what was reported,
 * wherever it was), its author's trust now, the rules that matched it and every report.
 */
export async function itemsOf(ctx: ServiceCtx, rows: readonly Row[]): Promise<ReviewItem[]> {
  if (rows.length === 0) return [];
  const { tx, scope, deps } = ctx;
  const workspaceId = scope.workspaceId;
  const messageIds = rows.flatMap((r) => (r.messageId ? [r.messageId] : []));
  const people = new Set<string>();
  for (const r of rows) {
    people.add(r.authorId);
    if (r.decidedBy) people.add(r.decidedBy);
    for (const p of r.reports) people.add(p.reporterId);
  }
  const [messages, conversations, hits, users, trust, settings] = await Promise.all([
    tx.message.findMany({
      where: { workspaceId, id: { in: messageIds } },
      select: { id: true, seq: true, body: true, deletedAt: true, createdAt: true },
    }),
    tx.conversation.findMany({
      where: { workspaceId, id: { in: [...new Set(rows.map((r) => r.conversationId))] } },
      select: { id: true, kind: true, name: true },
    }),
    tx.policyHit.findMany({
      where: { workspaceId, messageId: { in: messageIds } },
      select: { messageId: true, source: true, rule: true, action: true },
      orderBy: { id: 'asc' },
    }),
    tx.user.findMany({ where: { id: { in: [...people] } }, select: { id: true, name: true } }),
    trustOf(
      tx,
      workspaceId,
      rows.map((r) => r.authorId),
    ),
    deps.settings.read(tx, workspaceId),
  ]);
  const person = (id: string) => ({ id, name: users.find((u) => u.id === id)?.name ?? 'Former member' });
  return Promise.all(
    rows.map(async (r): Promise<ReviewItem> => {
      const m = r.messageId ? messages.find((x) => x.id === r.messageId) : undefined;
      const held = r.messageId === null && r.heldBody !== null;
      let body: string | null = null;
      try {
        if (m?.body && !m.deletedAt)
          body = await deps.keys.ring.decrypt(tx, bodyBinding(workspaceId, m.id), Buffer.from(m.body));
        else if (held && r.heldBody)
          body = await deps.keys.ring.decrypt(tx, heldBinding(workspaceId, r.id), Buffer.from(r.heldBody));
      } catch (err) {
        logger.error({ err, reviewId: r.id }, 'reviewed message failed to decrypt');
      }
      const causes: ReviewCause[] = [];
      if (r.flagged) causes.push('flagged');
      if (r.score >= settings.security.threat.holdAt) causes.push('score');
      if (r.reports.length > 0) causes.push('reported');
      if (r.heldInQuarantine) causes.push('quarantine');
      const seen = new Set<string>();
      // A posted message's hits are stored rows; a held one's are kept with its review.
      const matched = r.messageId
        ? hits.filter((h) => h.messageId === r.messageId)
        : heldHits.parse(r.heldHits ?? []);
      const own = matched.filter((h) => {
        const k = `${h.source}:${h.rule}:${h.action}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      return {
        id: r.id,
        status: status.parse(r.status),
        causes,
        score: r.score,
        message: {
          id: r.messageId,
          held,
          conversationId: r.conversationId,
          where: whereOf(conversations.find((c) => c.id === r.conversationId)),
          seq: Number(m?.seq ?? 0),
          body,
          deleted: held ? false : !m || m.deletedAt !== null,
          createdAt: (m?.createdAt ?? r.createdAt).toISOString(),
        },
        author: { ...person(r.authorId), trust: trust.get(r.authorId)?.score ?? 0 },
        hits: own.map((h) => ({
          source: h.source,
          rule: h.rule,
          action: h.action,
          label: hitInWords(h as Parameters<typeof hitInWords>[0], settings.security),
        })),
        reports: r.reports.map((p) => ({
          reason: reason.parse(p.reason),
          note: p.note,
          reporter: person(p.reporterId),
          createdAt: p.createdAt.toISOString(),
        })),
        decision:
          r.decidedAt && r.decidedBy
            ? {
                status: status.parse(r.status),
                by: person(r.decidedBy),
                at: r.decidedAt.toISOString(),
                note: r.note,
              }
            : null,
        createdAt: r.createdAt.toISOString(),
      };
    }),
  );
}
