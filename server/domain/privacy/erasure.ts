import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { AppError } from '../../lib/errors';
import { activeHolds, type ActiveHolds } from '../compliance/holds';
import type { Deps } from '../deps';
import { bodyBinding, editBinding } from '../message/view';
import { ERASURE } from './erasure-plan';
import { redactAudit, type Subject } from './redact';

/** What erasing one person from one workspace does, as the dry run reports it and the receipt counts it. */
export interface WorkspaceErasure {
  workspaceId: string;
  workspace: string;
  role: string | null;
  pseudonym: string;
  /** Rows removed (or texts destroyed) per table. */
  erased: Record<string, number>;
  /** Rows kept with the pseudonym in the person's place, per table. */
  pseudonymised: Record<string, number>;
  /** What stays, how much, and why. */
  kept: { what: string; count: number; why: string }[];
  /** Legal holds that keep some of it (their reasons). */
  holds: string[];
  /** Why this workspace cannot be erased now (the last owner), or null. */
  blocked: string | null;
}

const id = (name: string) => Prisma.raw(`"${name.replace(/"/g, '')}"`);

/** Whether a message of the person is kept by a legal hold: SQL over `m`. */
function heldSql(h: ActiveHolds, userId: string) {
  if (h.workspace || h.people.has(userId)) return Prisma.sql`true`;
  const convs = [...h.conversations];
  return convs.length ? Prisma.sql`m.conversation_id = ANY(${convs}::uuid[])` : Prisma.sql`false`;
}

async function count(tx: Tx, q: Prisma.Sql) {
  const [r] = await tx.$queryRaw<{ n: bigint }[]>(q);
  return Number(r?.n ?? 0);
}

/** The dry run in one workspace: nothing changes. */
export async function planIn(
  tx: Tx,
  ws: WorkspaceId,
  userId: string,
  pseudonym: string,
): Promise<WorkspaceErasure> {
  const [workspace, member, holds, holdRows] = await Promise.all([
    tx.workspace.findUnique({ where: { id: ws }, select: { name: true } }),
    tx.member.findUnique({
      where: { workspaceId_userId: { workspaceId: ws, userId } },
      select: { role: true },
    }),
    activeHolds(tx, ws),
    tx.legalHold.findMany({ where: { workspaceId: ws, releasedAt: null }, select: { reason: true } }),
  ]);
  const held = heldSql(holds, userId);
  const mine = Prisma.sql`m.workspace_id = ${ws}::uuid AND m.author_id = ${userId}`;
  const erased: Record<string, number> = {
    message: await count(tx, Prisma.sql`SELECT count(*) AS n FROM message m WHERE ${mine} AND NOT (${held})`),
    message_edit: await count(
      tx,
      Prisma.sql`SELECT count(*) AS n FROM message_edit e JOIN message m ON m.workspace_id = e.workspace_id
        AND m.id = e.message_id WHERE ${mine} AND NOT (${held})`,
    ),
  };
  // What their messages set off for others (mentions, replies) goes with the messages.
  erased.mention_notification = await count(
    tx,
    Prisma.sql`SELECT count(*) AS n FROM notification x JOIN message m ON m.workspace_id = x.workspace_id
      AND m.id = x.message_id WHERE ${mine} AND NOT (${held}) AND x.user_id <> ${userId}`,
  );
  erased.report_note = await count(
    tx,
    Prisma.sql`SELECT count(*) AS n FROM message_report WHERE workspace_id = ${ws}::uuid
      AND reporter_id = ${userId} AND note IS NOT NULL`,
  );
  for (const [table, column] of Object.entries(ERASURE.delete))
    erased[table] = await count(
      tx,
      Prisma.sql`SELECT count(*) AS n FROM ${id(table)} WHERE workspace_id = ${ws}::uuid AND ${id(column)} = ${userId}`,
    );
  erased.invitation = await count(
    tx,
    Prisma.sql`SELECT count(*) AS n FROM invitation i JOIN "user" u ON lower(u.email) = lower(i.email)
      WHERE i.workspace_id = ${ws}::uuid AND u.id = ${userId}`,
  );
  const pseudonymised: Record<string, number> = {};
  for (const [table, column] of ERASURE.pseudonymise) {
    const n = await count(
      tx,
      Prisma.sql`SELECT count(*) AS n FROM ${id(table)} WHERE workspace_id = ${ws}::uuid AND ${id(column)} = ${userId}`,
    );
    if (n > 0) pseudonymised[table] = (pseudonymised[table] ?? 0) + n;
  }
  pseudonymised.audit_event = await count(
    tx,
    Prisma.sql`SELECT count(*) AS n FROM audit_event WHERE workspace_id = ${ws}::uuid
      AND (actor_id = ${userId} OR target_id = ${userId} OR data::text LIKE '%' || ${userId} || '%')`,
  );
  const keptMessages = await count(
    tx,
    Prisma.sql`SELECT count(*) AS n FROM message m WHERE ${mine} AND ${held}`,
  );
  const quoting = await count(
    tx,
    Prisma.sql`SELECT count(*) AS n FROM message m WHERE m.workspace_id = ${ws}::uuid
      AND ${userId} = ANY(m.mentions) AND m.author_id IS DISTINCT FROM ${userId}`,
  );
  const kept = [
    ...(keptMessages > 0
      ? [{ what: 'their messages under a legal hold', count: keptMessages, why: 'a legal hold covers them' }]
      : []),
    ...(quoting > 0
      ? [
          {
            what: "other people's messages that mention them",
            count: quoting,
            why: ERASURE.kept['message.mentions'],
          },
        ]
      : []),
    ...(pseudonymised.audit_event > 0
      ? [
          {
            what: 'audit entries about them',
            count: pseudonymised.audit_event,
            why: 'the audit log is kept, under a pseudonym',
          },
        ]
      : []),
  ];
  const owners =
    member?.role === 'owner' ? await tx.member.count({ where: { workspaceId: ws, role: 'owner' } }) : 0;
  return {
    workspaceId: ws,
    workspace: workspace?.name ?? ws,
    role: member?.role ?? null,
    pseudonym,
    erased,
    pseudonymised,
    kept,
    holds: keptMessages > 0 ? holdRows.map((h) => h.reason) : [],
    blocked:
      owners === 1
        ? `${workspace?.name ?? 'A workspace'}: the last owner cannot be erased; make someone else owner first`
        : null,
  };
}

/**
 * Erases the person from one workspace, in the caller's transaction: the dry run's figures are
 * what it does. Texts a legal hold keeps move under the workspace key first; then the person's
 * key is destroyed, so every other copy of what they wrote (replicas, backups) is unreadable.
 */
export async function eraseIn(
  deps: Pick<Deps, 'keys'>,
  tx: Tx,
  ws: WorkspaceId,
  subject: Subject,
  pseudonym: string,
  checkpointKey: string,
): Promise<{ plan: WorkspaceErasure; erasedMessageIds: string[] }> {
  const { userId } = subject;
  // One erasure of a person at a time in a workspace (a second waits and finds nothing left).
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`erase:${ws}:${userId}`}, 0))`;
  const plan = await planIn(tx, ws, userId, pseudonym);
  if (plan.blocked) throw new AppError('CONFLICT', plan.blocked);
  const held = heldSql(await activeHolds(tx, ws), userId);
  const ring = deps.keys.ring;
  // What a hold keeps is re-encrypted under the workspace key: it must outlive the person's key.
  const keep = await tx.$queryRaw<{ id: string; body: Uint8Array | null }[]>`
    SELECT m.id, m.body FROM message m WHERE m.workspace_id = ${ws}::uuid AND m.author_id = ${userId} AND ${held}`;
  for (const m of keep) {
    if (!m.body) continue;
    const text = await ring.decrypt(tx, bodyBinding(ws, m.id), Buffer.from(m.body));
    await tx.message.update({
      where: { id: m.id },
      data: { body: new Uint8Array(await ring.encrypt(tx, bodyBinding(ws, m.id), text)) },
    });
  }
  const keepEdits = await tx.$queryRaw<{ id: string; body: Uint8Array }[]>`
    SELECT e.id, e.body FROM message_edit e JOIN message m ON m.workspace_id = e.workspace_id AND m.id = e.message_id
    WHERE m.workspace_id = ${ws}::uuid AND m.author_id = ${userId} AND ${held}`;
  for (const e of keepEdits) {
    const text = await ring.decrypt(tx, editBinding(ws, e.id), Buffer.from(e.body));
    await tx.messageEdit.update({
      where: { id: e.id },
      data: { body: new Uint8Array(await ring.encrypt(tx, editBinding(ws, e.id), text)) },
    });
  }
  await tx.$executeRaw`
    DELETE FROM notification x USING message m WHERE m.workspace_id = x.workspace_id AND m.id = x.message_id
      AND m.workspace_id = ${ws}::uuid AND m.author_id = ${userId} AND NOT (${held}) AND x.user_id <> ${userId}`;
  // A report's note is the reporter's own words: the report stays (the workspace's record), blank.
  await tx.$executeRaw`
    UPDATE message_report SET note = NULL WHERE workspace_id = ${ws}::uuid AND reporter_id = ${userId}`;
  await tx.$executeRaw`
    DELETE FROM message_edit e USING message m WHERE m.workspace_id = e.workspace_id AND m.id = e.message_id
      AND m.workspace_id = ${ws}::uuid AND m.author_id = ${userId} AND NOT (${held})`;
  // One change per conversation (its rev moves once), so clients catching up see the tombstones.
  const gone = await tx.$queryRaw<{ id: string }[]>`
    WITH touched AS (
      SELECT DISTINCT m.conversation_id FROM message m
      WHERE m.workspace_id = ${ws}::uuid AND m.author_id = ${userId} AND NOT (${held})
    ), bumped AS (
      UPDATE conversation c SET last_rev = c.last_rev + 1 FROM touched t
      WHERE c.workspace_id = ${ws}::uuid AND c.id = t.conversation_id RETURNING c.id, c.last_rev
    )
    UPDATE message m SET body = NULL, search_tokens = '{}', body_mac = NULL, mentions = '{}',
      mention_channel = false, mention_here = false, deleted_at = coalesce(m.deleted_at, now()),
      author_id = ${pseudonym}, rev = b.last_rev
    FROM bumped b
    WHERE m.workspace_id = ${ws}::uuid AND m.conversation_id = b.id AND m.author_id = ${userId} AND NOT (${held})
    RETURNING m.id`;
  // Their files: those of the messages just tombstoned went with them (message_files_gone), and
  // uploads never sent go now; what a legal hold keeps stays, under the pseudonym.
  await tx.$executeRaw`
    DELETE FROM file WHERE workspace_id = ${ws}::uuid AND uploader_id = ${userId} AND message_id IS NULL`;
  await tx.$executeRaw`
    UPDATE file SET uploader_id = ${pseudonym} WHERE workspace_id = ${ws}::uuid AND uploader_id = ${userId}`;
  await tx.$executeRaw`
    UPDATE file_version SET uploader_id = ${pseudonym} WHERE workspace_id = ${ws}::uuid AND uploader_id = ${userId}`;
  await tx.$executeRaw`
    UPDATE message SET thread_participants = array_replace(thread_participants, ${userId}, ${pseudonym})
    WHERE workspace_id = ${ws}::uuid AND ${userId} = ANY(thread_participants)`;
  // Held reviews keep the text of a send nobody saw: it is the person's too.
  await tx.$executeRaw`
    UPDATE review SET held_body = NULL, held_key_version = NULL
    WHERE workspace_id = ${ws}::uuid AND author_id = ${userId} AND held_body IS NOT NULL`;
  await tx.$executeRaw`
    DELETE FROM invitation i USING "user" u WHERE i.workspace_id = ${ws}::uuid AND u.id = ${userId}
      AND lower(u.email) = lower(i.email)`;
  for (const [table, column] of ERASURE.pseudonymise)
    await tx.$executeRaw(
      Prisma.sql`UPDATE ${id(table)} SET ${id(column)} = ${pseudonym} WHERE workspace_id = ${ws}::uuid AND ${id(column)} = ${userId}`,
    );
  for (const [table, column] of Object.entries(ERASURE.delete))
    await tx.$executeRaw(
      Prisma.sql`DELETE FROM ${id(table)} WHERE workspace_id = ${ws}::uuid AND ${id(column)} = ${userId}`,
    );
  await redactAudit(tx, ws, subject, pseudonym, checkpointKey);
  return { plan, erasedMessageIds: gone.map((g) => g.id) };
}
