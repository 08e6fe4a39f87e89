import { Prisma } from '../../db/generated/client';
import { EXPORTED, type ExportedTable } from '../compliance/export/tables';

/**
 * What an access request takes from each workspace the person is in: the rows about them, by the
 * column that names them (`t` is the table). Columns are left out and text decrypted as in a
 * workspace export (EXPORTED). Other people's messages are not theirs to take.
 */
const ABOUT: Record<string, (ws: string, userId: string) => Prisma.Sql> = {
  member: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  conversation_member: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  message: (_ws, u) => Prisma.sql`t.author_id = ${u}`,
  message_edit: (ws, u) =>
    Prisma.sql`t.message_id IN (SELECT m.id FROM message m WHERE m.workspace_id = ${ws}::uuid AND m.author_id = ${u})`,
  message_reaction: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  notification: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  notification_pref: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  conversation_pref: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  push_subscription: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  // The files they uploaded (each version theirs, also of someone else's file); contents under files/.
  file: (_ws, u) => Prisma.sql`t.uploader_id = ${u}`,
  file_version: (_ws, u) => Prisma.sql`t.uploader_id = ${u}`,
  file_comment: (_ws, u) => Prisma.sql`t.author_id = ${u}`,
  file_share: (_ws, u) => Prisma.sql`(t.user_id = ${u} OR t.created_by = ${u})`,
  policy_hit: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  review: (_ws, u) => Prisma.sql`t.author_id = ${u}`,
  message_report: (_ws, u) => Prisma.sql`t.reporter_id = ${u}`,
  widget_visitor: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  quarantine: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  legal_hold: (_ws, u) => Prisma.sql`t.user_id = ${u}`,
  audit_event: (_ws, u) => Prisma.sql`(t.actor_id = ${u} OR t.target_id = ${u})`,
};

export const PERSON_TABLES: [string, ExportedTable, (ws: string, userId: string) => Prisma.Sql][] =
  Object.entries(ABOUT).map(([table, about]) => [table, EXPORTED[table]!, about]);
