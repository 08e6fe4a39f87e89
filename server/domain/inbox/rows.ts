import { Prisma } from '../../db/generated/client';
import type { WorkspaceId } from '../../db/tenant';

/** One support conversation as the inbox query returns it, before decryption and naming. */
export interface InboxRow {
  id: string;
  visitor_id: string;
  visitor_name: string;
  external_id: string;
  email: string | null;
  first_seen: Date;
  status: 'open' | 'snoozed' | 'closed';
  snoozed_until: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  page_url: string | null;
  created_at: Date;
  name: string | null;
  subject_type: string | null;
  subject_id: string | null;
  last_id: string | null;
  last_author: string | null;
  last_body: Uint8Array | null;
  last_mentions: string[] | null;
  last_at: Date | null;
  last_from_visitor: boolean | null;
  waiting_since: Date | null;
  joined: boolean;
}

/**
 * Every support conversation of the workspace with what the inbox shows about it, as one derived
 * table `q`. Its status is the team's decision unless the visitor wrote after it (a snooze or close
 * then reopens) or a snooze ran out. Who waits: visitor messages after the team's latest one.
 * Messages in threads and deleted ones do not count.
 */
export function inboxQuery(workspaceId: WorkspaceId, me: string, where: Prisma.Sql = Prisma.sql`TRUE`) {
  const ws = Prisma.sql`${workspaceId}::uuid`;
  const top = Prisma.sql`m.workspace_id = sc.workspace_id AND m.conversation_id = sc.conversation_id
    AND m.parent_id IS NULL AND m.deleted_at IS NULL`;
  return Prisma.sql`
    SELECT * FROM (
      SELECT sc.conversation_id AS id, sc.visitor_id, vu.name AS visitor_name, wv.external_id, wv.email,
        wv.created_at AS first_seen,
        (CASE
          WHEN sc.status <> 'open' AND wt.last_visitor_at > sc.status_at THEN 'open'
          WHEN sc.status = 'snoozed' AND sc.snoozed_until <= now() THEN 'open'
          ELSE sc.status::text END) AS status,
        sc.snoozed_until, sc.assignee_id, au.name AS assignee_name, sc.page_url, sc.created_at,
        c.name, c.subject_type, c.subject_id,
        lm.id AS last_id, lm.author_id AS last_author, lm.body AS last_body, lm.mentions AS last_mentions,
        lm.created_at AS last_at, lm.from_visitor AS last_from_visitor,
        wt.waiting_since, (cm.user_id IS NOT NULL) AS joined
      FROM support_conversation sc
      JOIN conversation c ON c.workspace_id = sc.workspace_id AND c.id = sc.conversation_id
      JOIN widget_visitor wv ON wv.workspace_id = sc.workspace_id AND wv.user_id = sc.visitor_id
      JOIN "user" vu ON vu.id = sc.visitor_id
      LEFT JOIN "user" au ON au.id = sc.assignee_id
      LEFT JOIN conversation_member cm ON cm.workspace_id = sc.workspace_id
        AND cm.conversation_id = sc.conversation_id AND cm.user_id = ${me}
      LEFT JOIN LATERAL (
        SELECT m.id, m.author_id, m.body, m.mentions, m.created_at,
          EXISTS (SELECT 1 FROM widget_visitor v WHERE v.workspace_id = m.workspace_id AND v.user_id = m.author_id) AS from_visitor
        FROM message m WHERE ${top} ORDER BY m.seq DESC LIMIT 1
      ) lm ON TRUE
      LEFT JOIN LATERAL (
        SELECT max(m.seq) AS seq FROM message m
        WHERE ${top} AND m.author_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM widget_visitor v WHERE v.workspace_id = m.workspace_id AND v.user_id = m.author_id)
      ) team ON TRUE
      LEFT JOIN LATERAL (
        SELECT min(m.created_at) AS waiting_since, max(m.created_at) AS last_visitor_at FROM message m
        JOIN widget_visitor v ON v.workspace_id = m.workspace_id AND v.user_id = m.author_id
        WHERE ${top} AND m.seq > coalesce(team.seq, 0)
      ) wt ON TRUE
      WHERE sc.workspace_id = ${ws}
    ) q WHERE ${where}`;
}
