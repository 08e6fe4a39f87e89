import { createHmac } from 'node:crypto';
import type { Tx } from '../../db/client';
import type { Prisma } from '../../db/generated/client';
import type { WorkspaceId } from '../../db/tenant';
import { ERASED_PREFIX } from '../../../shared/erasure';
import { canonicalEvent, redactionDigest, signRedaction } from '../audit/chain';

/** Who is being erased, as the audit log may name them. */
export interface Subject {
  userId: string;
  email: string | null;
  name: string | null;
}

/** The person's stable pseudonym in a workspace: the same for every entry, and every erasure. */
export const pseudonymOf = (key: string, workspaceId: string, userId: string) =>
  `${ERASED_PREFIX}${createHmac('sha256', key).update(`pseudonym:${workspaceId}:${userId}`).digest('hex').slice(0, 16)}`;

/** A keyed hash of the person's id: only a request signed in as them can compute it again. */
export const subjectRefOf = (key: string, userId: string) =>
  createHmac('sha256', key).update(`subject:${userId}`).digest('hex');

/** Every string in the value with the person's id, email and exact name replaced. */
function scrub(value: unknown, s: Subject, pseudonym: string): unknown {
  if (typeof value === 'string') {
    if (s.name && value === s.name) return pseudonym;
    let out = value.replaceAll(s.userId, pseudonym);
    if (s.email)
      out = out.replace(new RegExp(s.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), pseudonym);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, s, pseudonym));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, s, pseudonym)]));
  return value;
}

const BATCH = 500;

/**
 * Rewrites the workspace's audit entries about the person with their pseudonym: as actor (their
 * IP and user agent go too), as target, and wherever the entry's data names them. Each rewrite is
 * recorded first, signed with the checkpoint key over the entry's place, its hash (kept, so the
 * chain's links stay whole) and the digest of its new form; the log's guard lets an entry change
 * only so. Returns how many entries were rewritten.
 */
export async function redactAudit(tx: Tx, ws: WorkspaceId, s: Subject, pseudonym: string, key: string) {
  const needles = [s.userId, ...(s.email ? [s.email.toLowerCase()] : [])];
  let after = 0n;
  let rewritten = 0;
  for (;;) {
    const seqs = await tx.$queryRaw<{ seq: bigint }[]>`
      SELECT seq FROM audit_event WHERE workspace_id = ${ws}::uuid AND seq > ${after}
        AND (actor_id = ${s.userId} OR target_id = ${s.userId}
          OR EXISTS (SELECT 1 FROM unnest(${needles}::text[]) n WHERE lower(data::text) LIKE '%' || n || '%')
          OR (${s.name}::text IS NOT NULL AND data::text LIKE '%' || to_json(${s.name}::text)::text || '%'))
      ORDER BY seq LIMIT ${BATCH}`;
    if (seqs.length === 0) break;
    after = seqs.at(-1)!.seq;
    const rows = await tx.auditEvent.findMany({
      where: { workspaceId: ws, seq: { in: seqs.map((r) => r.seq) } },
      orderBy: { seq: 'asc' },
    });
    for (const r of rows) {
      const mine = r.actorId === s.userId;
      const next = {
        ...r,
        actorId: mine ? pseudonym : r.actorId,
        targetId: r.targetId === s.userId ? pseudonym : r.targetId,
        ip: mine ? null : r.ip,
        userAgent: mine ? null : r.userAgent,
        data: scrub(r.data, s, pseudonym) as Prisma.InputJsonValue,
      };
      if (canonicalEvent(next) === canonicalEvent(r)) continue;
      const digest = redactionDigest(next);
      await tx.auditRedaction.createMany({
        data: [
          { workspaceId: ws, seq: r.seq, digest, signature: signRedaction(key, ws, r.seq, r.hash, digest) },
        ],
        skipDuplicates: true,
      });
      await tx.auditEvent.update({
        where: { workspaceId_seq: { workspaceId: ws, seq: r.seq } },
        data: {
          actorId: next.actorId,
          targetId: next.targetId,
          ip: next.ip,
          userAgent: next.userAgent,
          data: next.data,
        },
      });
      rewritten++;
    }
    if (seqs.length < BATCH) break;
  }
  return rewritten;
}
