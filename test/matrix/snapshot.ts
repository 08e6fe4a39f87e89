import { asSuperuser } from '../db';

// What the matrix and the fuzz test compare before and after a refused call.

export const TABLES = [
  'workspace',
  'member',
  'invitation',
  'api_key',
  'audit_event',
  'audit_checkpoint',
  'conversation',
  'conversation_member',
  'workspace_key',
  'message',
  'message_edit',
  'message_reaction',
  'notification',
  'notification_pref',
  'conversation_pref',
  'widget_secret',
  'widget_visitor',
  'widget_session',
  'widget_token_use',
  'support_conversation',
  'support_note',
  'canned_reply',
  'policy_hit',
  'lockdown',
  'quarantine',
  'review',
  'message_report',
  'file',
  'file_version',
  'push_subscription',
  'file_share',
  'file_comment',
] as const;

/**
 * Everything workspace `ws` holds, read as superuser (no RLS): one digest per table. Audit entries
 * recording refused calls (`authz.denied`) are left out: writing them is the point of a refusal.
 */
export async function snapshot(ws: string): Promise<Record<string, string>> {
  return asSuperuser(async (c) => {
    const out: Record<string, string> = {};
    for (const t of TABLES) {
      const key = t === 'workspace' ? 'id' : 'workspace_id';
      const extra = t === 'audit_event' ? ` AND action <> 'authz.denied'` : '';
      // last_used_at moves whenever a key is used; it is bookkeeping, not data.
      // Likewise a key's encryption count, which is written in bulk whenever its buffer fills.
      const row =
        t === 'api_key'
          ? `(r.id, r.name, r.scopes, r.revoked_at)::text`
          : t === 'workspace_key'
            ? `(r.version, r.wrapped, r.rotation_total, r.rotation_done)::text`
            : 'r::text';
      const res = await c.query<{ d: string | null; n: string }>(
        `SELECT md5(string_agg(${row}, ',' ORDER BY ${row})) AS d, count(*)::text AS n FROM ${t} r WHERE ${key} = $1${extra}`,
        [ws],
      );
      out[t] = `${res.rows[0]?.n}:${res.rows[0]?.d ?? ''}`;
    }
    return out;
  });
}

/** Whole-database row counts (superuser), for "nothing was written anywhere". */
export async function rowCounts(): Promise<Record<string, number>> {
  return asSuperuser(async (c) => {
    const out: Record<string, number> = {};
    for (const t of ['"user"', 'account', ...TABLES]) {
      const r = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`);
      out[t] = Number(r.rows[0]?.n);
    }
    return out;
  });
}
