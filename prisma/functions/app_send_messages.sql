-- A batch of sends in one round trip. The application prepares every item beforehand (row id,
-- ciphertext, blind-index tokens, duplicate MAC, parsed mentions: all the cryptography stays in
-- Node, next to the keys); this function runs the checks and the writes.
--
-- Order matters for "no gap, no duplicate": the conversations are locked first (in id order, so
-- batches cannot deadlock), and client ids are read after, in a statement of their own (a VOLATILE
-- function takes a fresh snapshot per statement), so a retry racing its original waits for the lock
-- and then finds it.
--
-- SECURITY INVOKER (the default): it sets app.workspace_id for the rest of the transaction and every
-- read and write goes through the caller's role and row-level security.
--
-- The contract (server/domain/message/send-contract.ts types and parses both sides):
-- p_items: [{ userId, conversationId, clientMsgId, parentId: uuid | null, messageId: the new row's
--   id, bodyCiphertext: base64, searchTokens: text[], bodyMac: hex, mentions: user ids,
--   mentionChannel: boolean, mentionHere: boolean, fileIds: uuid[] (the sender's own unsent uploads
--   to that conversation, attached to the message in order), hits: [{ source, rule, action, policyVersion }]:
--   what the security policy caught in the text, stored with the message (policy_hit), check:
--   true for a send held for review: checked like the others, never stored (answered 'checked') }]
-- p_online: the people who count for @here (not offline); only read when an item has mentionHere.
-- Returns { results: [{ status: 'ok', seq, rev, depth } | { status: 'duplicate', messageId }
--                     | { status: 'checked' } | { status: <a refusal> }] in item order,
--           parents: ids of the thread parents touched, notified: [{ userId, messageId, kind }] }.
-- Statuses: ok, duplicate, checked, workspace_not_found, workspace_archived, client_id_conflict,
--   conversation_not_found, join_first, conversation_archived, parent_not_found, too_deep,
--   duplicate_body, file_not_found, file_blocked
-- Statuses other than ok, duplicate and checked name the refusal; the application words the error. A new
-- status goes into SEND_STATUSES too (a test compares this list, the literals below and that one).
CREATE OR REPLACE FUNCTION app_send_messages(
  p_workspace uuid,
  p_key_version integer,
  p_reply_depth integer,
  p_duplicate_window integer,
  p_now timestamptz,
  p_online text[],
  p_items jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
DECLARE
  v_users text[];
  v_convs uuid[];
  v_client_ids text[];
  v_parent_ids uuid[];
  v_ws_archived boolean;
  v_roles jsonb;
  v_conv jsonb;
  v_conv_by_id jsonb;
  v_existing jsonb;
  v_parents jsonb;
  -- The files the items attach (locked), and those this batch has attached already.
  v_files jsonb;
  v_used jsonb := '{}';
  v_f jsonb;
  v_fid text;
  -- Identical recent messages per conversation|author|MAC (those stored in the window, then this batch's).
  v_recent jsonb := '{}';
  v_count integer;
  v_next jsonb := '{}';
  v_results jsonb := '[]';
  v_ok_i integer[] := '{}';
  v_ok_seq bigint[] := '{}';
  v_ok_rev bigint[] := '{}';
  v_ok_depth smallint[] := '{}';
  v_touched uuid[] := '{}';
  v_notified jsonb := '[]';
  v_status text;
  v_role text;
  v_member boolean;
  v_depth integer;
  v_par jsonb;
  v_ex jsonb;
  v_key text;
  v_seq bigint;
  v_rev bigint;
  it record;
  th record;
BEGIN
  PERFORM set_config('app.workspace_id', p_workspace::text, true);

  -- Every lookup below is driven by these arrays (index probes), never by a join the planner
  -- could turn into a scan of the workspace's messages.
  SELECT array_agg(DISTINCT x->>'userId'), array_agg(DISTINCT (x->>'conversationId')::uuid),
         array_agg(x->>'clientMsgId'),
         coalesce(array_agg(DISTINCT (x->>'parentId')::uuid) FILTER (WHERE x->>'parentId' IS NOT NULL), '{}')
    INTO v_users, v_convs, v_client_ids, v_parent_ids FROM jsonb_array_elements(p_items) x;

  SELECT w.archived_at IS NOT NULL INTO v_ws_archived FROM workspace w WHERE w.id = p_workspace;
  SELECT coalesce(jsonb_object_agg(m.user_id, m.role::text), '{}') INTO v_roles
    FROM member m WHERE m.workspace_id = p_workspace AND m.user_id = ANY(v_users);

  -- Lock the conversations (in id order) and read what the checks need, counters included.
  SELECT coalesce(jsonb_object_agg(s.id, to_jsonb(s)), '{}') INTO v_conv_by_id FROM (
    SELECT c.id, c.kind::text AS kind, c.is_private, c.archived_at IS NOT NULL AS archived,
           c.last_seq, c.last_rev,
           to_jsonb(ARRAY(SELECT cm.user_id FROM conversation_member cm
                          WHERE cm.workspace_id = c.workspace_id AND cm.conversation_id = c.id
                            AND cm.user_id = ANY(v_users))) AS members
    FROM conversation c WHERE c.workspace_id = p_workspace AND c.id = ANY(v_convs)
    ORDER BY c.id FOR UPDATE OF c) s;

  -- Retries: a client id already stored (read after the locks, see above).
  SELECT coalesce(jsonb_object_agg(m.client_msg_id, jsonb_build_object(
           'messageId', m.id, 'userId', m.author_id, 'conversationId', m.conversation_id)), '{}')
    INTO v_existing FROM message m
    WHERE m.workspace_id = p_workspace AND m.client_msg_id = ANY(v_client_ids);

  SELECT coalesce(jsonb_object_agg(m.id, jsonb_build_object(
           'conversationId', m.conversation_id, 'depth', m.depth, 'deleted', m.deleted_at IS NOT NULL)), '{}')
    INTO v_parents FROM message m
    WHERE m.workspace_id = p_workspace AND m.id = ANY(v_parent_ids);

  SELECT coalesce(jsonb_object_agg(s.id, to_jsonb(s)), '{}') INTO v_files FROM (
    SELECT f.id, f.conversation_id, f.uploader_id, f.message_id IS NOT NULL AS sent, v.status
    FROM file f JOIN file_version v ON v.workspace_id = f.workspace_id AND v.file_id = f.id
      AND v.version = f.current_version
    WHERE f.workspace_id = p_workspace AND f.id IN (
      SELECT y::uuid FROM jsonb_array_elements(p_items) x,
        jsonb_array_elements_text(coalesce(x->'fileIds', '[]'::jsonb)) y)
    ORDER BY f.id FOR UPDATE OF f) s;

  -- Anti-spam: the same text (MAC) from the same person in the same conversation within the window,
  -- once it has been sent as often as the item allows (`repeatsAllowed`, default 1: Node lets a
  -- short "ok" through twice and a long text once).
  IF p_duplicate_window > 0 THEN
    -- One index probe per item on (workspace, conversation, author, body_mac): LATERAL with LIMIT
    -- keeps it a nested loop (as a semi-join the planner may hash the whole window's messages).
    -- The key spells the conversation as uuid text, like the loop below, whatever case the item used.
    SELECT coalesce(jsonb_object_agg(t.k, t.n), '{}') INTO v_recent FROM (
      SELECT DISTINCT (x->>'conversationId')::uuid || '|' || (x->>'userId') || '|' || (x->>'bodyMac') AS k, hit.n
      FROM jsonb_array_elements(p_items) x
      CROSS JOIN LATERAL (SELECT count(*) AS n FROM (SELECT 1 FROM message m
        WHERE m.workspace_id = p_workspace AND m.conversation_id = (x->>'conversationId')::uuid
          AND m.author_id = x->>'userId' AND m.body_mac IS NOT NULL
          AND m.body_mac = decode(x->>'bodyMac', 'hex')
          AND m.created_at > p_now - make_interval(secs => p_duplicate_window)
        LIMIT 10) h) hit
      WHERE hit.n > 0) t;
  END IF;

  FOR it IN SELECT x.ord - 1 AS i, x.v->>'userId' AS u, (x.v->>'conversationId')::uuid AS c,
                   x.v->>'clientMsgId' AS k, (x.v->>'parentId')::uuid AS p, x.v->>'bodyMac' AS h,
                   greatest(coalesce((x.v->>'repeatsAllowed')::integer, 1), 1) AS r,
                   coalesce((x.v->>'check')::boolean, false) AS chk,
                   coalesce(x.v->'fileIds', '[]'::jsonb) AS files
            FROM jsonb_array_elements(p_items) WITH ORDINALITY AS x(v, ord) ORDER BY x.ord LOOP
    v_status := NULL;
    v_depth := 0;
    v_role := v_roles->>it.u;
    v_conv := v_conv_by_id->(it.c::text);
    v_ex := v_existing->it.k;
    -- Not a member reads as a workspace that does not exist, as at the gate.
    IF v_ws_archived IS NULL OR v_role IS NULL THEN
      v_status := 'workspace_not_found';
    ELSIF v_ws_archived THEN
      v_status := 'workspace_archived';
    ELSIF v_ex IS NOT NULL THEN
      IF v_ex->>'userId' IS DISTINCT FROM it.u OR (v_ex->>'conversationId')::uuid <> it.c THEN
        v_status := 'client_id_conflict';
      ELSE
        v_results := v_results || jsonb_build_array(
          jsonb_build_object('status', 'duplicate', 'messageId', v_ex->'messageId'));
        CONTINUE;
      END IF;
    ELSE
      v_member := v_conv IS NOT NULL AND (v_conv->'members') ? it.u;
      IF v_conv IS NULL OR (NOT v_member AND NOT (v_role <> 'guest' AND (
           (v_conv->>'kind' = 'channel' AND NOT (v_conv->>'is_private')::boolean)
           OR v_conv->>'kind' = 'subject'))) THEN
        v_status := 'conversation_not_found';
      ELSIF NOT v_member THEN
        v_status := 'join_first';
      ELSIF (v_conv->>'archived')::boolean THEN
        v_status := 'conversation_archived';
      ELSIF it.p IS NOT NULL THEN
        -- A parent must be a live message of the same conversation.
        v_par := v_parents->(it.p::text);
        IF v_par IS NULL OR (v_par->>'conversationId')::uuid <> it.c OR (v_par->>'deleted')::boolean THEN
          v_status := 'parent_not_found';
        ELSE
          v_depth := (v_par->>'depth')::integer + 1;
          IF v_depth > p_reply_depth THEN v_status := 'too_deep'; END IF;
        END IF;
      END IF;
      IF v_status IS NULL AND p_duplicate_window > 0 THEN
        v_key := it.c || '|' || it.u || '|' || it.h;
        v_count := coalesce((v_recent->>v_key)::integer, 0);
        IF v_count >= it.r THEN
          v_status := 'duplicate_body';
        ELSE
          v_recent := v_recent || jsonb_build_object(v_key, v_count + 1);
        END IF;
      END IF;
    END IF;
    -- Files: the sender's own uploads to this conversation, not sent yet, not blocked.
    IF v_status IS NULL THEN
      FOR v_fid IN SELECT jsonb_array_elements_text(it.files) LOOP
        v_f := v_files->lower(v_fid);
        IF v_f IS NULL OR (v_f->>'conversation_id')::uuid <> it.c OR v_f->>'uploader_id' IS DISTINCT FROM it.u
           OR (v_f->>'sent')::boolean OR v_used ? lower(v_fid) THEN
          v_status := 'file_not_found';
        ELSIF v_f->>'status' IN ('infected', 'blocked') THEN
          v_status := 'file_blocked';
        END IF;
        EXIT WHEN v_status IS NOT NULL;
      END LOOP;
      IF v_status IS NULL AND NOT it.chk THEN
        SELECT v_used || coalesce(jsonb_object_agg(lower(y), true), '{}') INTO v_used
        FROM jsonb_array_elements_text(it.files) y;
      END IF;
    END IF;
    IF v_status IS NOT NULL THEN
      v_results := v_results || jsonb_build_array(jsonb_build_object('status', v_status));
      CONTINUE;
    END IF;
    -- Held for review: it could be posted, and is kept by the application instead.
    IF it.chk THEN
      v_results := v_results || jsonb_build_array(jsonb_build_object('status', 'checked'));
      CONTINUE;
    END IF;
    -- Gap-free numbering under the lock: the next seq and rev of this conversation.
    v_seq := coalesce((v_next->(it.c::text)->>'seq')::bigint, (v_conv->>'last_seq')::bigint) + 1;
    v_rev := coalesce((v_next->(it.c::text)->>'rev')::bigint, (v_conv->>'last_rev')::bigint) + 1;
    v_next := v_next || jsonb_build_object(it.c::text, jsonb_build_object('seq', v_seq, 'rev', v_rev));
    v_ok_i := v_ok_i || it.i;
    v_ok_seq := v_ok_seq || v_seq;
    v_ok_rev := v_ok_rev || v_rev;
    v_ok_depth := v_ok_depth || v_depth::smallint;
    v_results := v_results || jsonb_build_array(
      jsonb_build_object('status', 'ok', 'seq', v_seq, 'rev', v_rev, 'depth', v_depth));
  END LOOP;

  IF cardinality(v_ok_i) = 0 THEN
    RETURN jsonb_build_object('results', v_results, 'parents', '[]'::jsonb, 'notified', '[]'::jsonb);
  END IF;

  INSERT INTO message (id, workspace_id, conversation_id, seq, rev, author_id, client_msg_id, parent_id,
    depth, body, key_version, search_tokens, body_mac, mentions, mention_channel, mention_here, created_at,
    file_ids)
  SELECT (x.v->>'messageId')::uuid, p_workspace, (x.v->>'conversationId')::uuid, o.seq, o.rev,
    x.v->>'userId', x.v->>'clientMsgId', (x.v->>'parentId')::uuid, o.depth,
    decode(x.v->>'bodyCiphertext', 'base64'), p_key_version,
    ARRAY(SELECT jsonb_array_elements_text(x.v->'searchTokens')), decode(x.v->>'bodyMac', 'hex'),
    ARRAY(SELECT jsonb_array_elements_text(x.v->'mentions')), (x.v->>'mentionChannel')::boolean,
    (x.v->>'mentionHere')::boolean, p_now,
    ARRAY(SELECT jsonb_array_elements_text(coalesce(x.v->'fileIds', '[]'::jsonb)))::uuid[]
  FROM unnest(v_ok_i, v_ok_seq, v_ok_rev, v_ok_depth) AS o(i, seq, rev, depth)
  JOIN LATERAL (SELECT p_items->o.i AS v) x ON true;

  UPDATE file f SET message_id = (x.v->>'messageId')::uuid
  FROM unnest(v_ok_i) AS o(i)
  JOIN LATERAL (SELECT p_items->o.i AS v) x ON true
  CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(x.v->'fileIds', '[]'::jsonb)) y
  WHERE f.workspace_id = p_workspace AND f.id = y::uuid;

  -- What the security policy caught, in the same transaction as the messages it belongs to.
  INSERT INTO policy_hit (workspace_id, message_id, conversation_id, user_id, source, rule, action,
    policy_version, created_at)
  SELECT p_workspace, (x.v->>'messageId')::uuid, (x.v->>'conversationId')::uuid, x.v->>'userId',
    h->>'source', h->>'rule', h->>'action', (h->>'policyVersion')::int, p_now
  FROM unnest(v_ok_i) AS o(i)
  JOIN LATERAL (SELECT p_items->o.i AS v) x ON true
  CROSS JOIN LATERAL jsonb_array_elements(coalesce(x.v->'hits', '[]'::jsonb)) h;

  -- Thread parents: reply count, last reply time, participants, and a new revision each (after the
  -- batch's new messages, in the order each parent was first replied to).
  FOR th IN SELECT (x.v->>'conversationId')::uuid AS c, (x.v->>'parentId')::uuid AS p, count(*) AS n,
                   array_agg(DISTINCT x.v->>'userId') AS authors
            FROM unnest(v_ok_i) AS o(i) JOIN LATERAL (SELECT p_items->o.i AS v) x ON true
            WHERE x.v->>'parentId' IS NOT NULL
            GROUP BY 1, 2 ORDER BY min(o.i) LOOP
    v_rev := (v_next->(th.c::text)->>'rev')::bigint + 1;
    v_next := jsonb_set(v_next, ARRAY[th.c::text, 'rev'], to_jsonb(v_rev));
    UPDATE message SET reply_count = reply_count + th.n, last_reply_at = p_now, rev = v_rev,
      thread_participants = (SELECT array_agg(DISTINCT a) FROM unnest(thread_participants || th.authors) a)
    WHERE workspace_id = p_workspace AND id = th.p;
    v_touched := v_touched || th.p;
  END LOOP;

  UPDATE conversation c SET last_seq = (n.value->>'seq')::bigint, last_rev = (n.value->>'rev')::bigint
  FROM jsonb_each(v_next) n WHERE c.workspace_id = p_workspace AND c.id = n.key::uuid;

  -- Notifications: each member of the conversation but the author, for their strongest reason
  -- (a mention, directly, @channel or @here while not offline; a reply in a thread they wrote in; a
  -- direct message, or a reply to a widget visitor in their support conversation; any top-level
  -- message), kept when their level for that conversation lets it
  -- through (nothing: none; mentions: mentions and replies; all: every reason) and it is not muted.
  -- Levels come from conversation_pref, then notification_pref per kind, then the defaults (direct
  -- messages and visitors in their support conversations all, the rest mentions). Skipped when no item can notify anyone, the common case of a
  -- plain channel message in a workspace where nobody asked for every message.
  IF EXISTS (SELECT 1 FROM unnest(v_ok_i) o(i) WHERE jsonb_array_length(p_items->o.i->'mentions') > 0
             OR (p_items->o.i->>'mentionChannel')::boolean OR (p_items->o.i->>'mentionHere')::boolean
             OR p_items->o.i->>'parentId' IS NOT NULL
             OR v_conv_by_id->(p_items->o.i->>'conversationId')->>'kind' IN ('dm', 'group', 'subject'))
     OR EXISTS (SELECT 1 FROM notification_pref np WHERE np.workspace_id = p_workspace
                AND 'all' IN (np.channel_level, np.subject_level))
     OR EXISTS (SELECT 1 FROM conversation_pref cp WHERE cp.workspace_id = p_workspace
                AND cp.conversation_id = ANY(v_convs) AND cp.level = 'all') THEN
    WITH items AS (
      SELECT x.v, o.seq, (x.v->>'conversationId')::uuid AS conv, (x.v->>'messageId')::uuid AS mid,
             (x.v->>'parentId')::uuid AS parent, x.v->>'userId' AS author,
             v_conv_by_id->(x.v->>'conversationId')->>'kind' AS ckind
      FROM unnest(v_ok_i, v_ok_seq) AS o(i, seq)
      JOIN LATERAL (SELECT p_items->o.i AS v) x ON true
    ), reasons AS (
      SELECT i.conv, i.mid, i.seq, i.author, cm.user_id, cp.muted_until,
        CASE
          WHEN (i.v->>'mentionChannel')::boolean OR (i.v->'mentions') ? cm.user_id
               OR ((i.v->>'mentionHere')::boolean AND cm.user_id = ANY(p_online)) THEN 'mention'
          WHEN i.parent IS NOT NULL AND EXISTS (SELECT 1 FROM message t WHERE t.workspace_id = p_workspace
               AND t.id = i.parent AND (t.author_id = cm.user_id OR cm.user_id = ANY(t.thread_participants)))
               THEN 'reply'
          WHEN i.ckind IN ('dm', 'group') OR sc.visitor_id IS NOT NULL THEN 'direct'
          WHEN i.parent IS NULL THEN 'message'
        END AS kind,
        coalesce(cp.level, CASE WHEN sc.visitor_id IS NOT NULL THEN 'all' END,
          CASE WHEN i.ckind IN ('dm', 'group') THEN np.direct_level
               WHEN i.ckind = 'subject' THEN np.subject_level ELSE np.channel_level END,
          CASE WHEN i.ckind IN ('dm', 'group') THEN 'all' ELSE 'mentions' END) AS level
      FROM items i
      JOIN conversation_member cm ON cm.workspace_id = p_workspace AND cm.conversation_id = i.conv
      LEFT JOIN notification_pref np ON np.workspace_id = p_workspace AND np.user_id = cm.user_id
      LEFT JOIN conversation_pref cp ON cp.workspace_id = p_workspace AND cp.conversation_id = i.conv
        AND cp.user_id = cm.user_id
      -- A widget visitor in their own support conversation: every reply to them is for them.
      LEFT JOIN support_conversation sc ON sc.workspace_id = p_workspace AND sc.conversation_id = i.conv
        AND sc.visitor_id = cm.user_id
      WHERE cm.user_id <> i.author
    ), ins AS (
      INSERT INTO notification (workspace_id, user_id, kind, conversation_id, message_id, seq, actor_id)
      SELECT p_workspace, r.user_id, r.kind, r.conv, r.mid, r.seq, r.author FROM reasons r
      WHERE r.kind IS NOT NULL AND (r.muted_until IS NULL OR r.muted_until <= p_now)
        AND (r.level = 'all' OR (r.level = 'mentions' AND r.kind IN ('mention', 'reply')))
      ON CONFLICT DO NOTHING
      RETURNING user_id, message_id, kind)
    SELECT coalesce(jsonb_agg(jsonb_build_object('userId', ins.user_id, 'messageId', ins.message_id,
             'kind', ins.kind)), '[]')
      INTO v_notified FROM ins;
  END IF;

  RETURN jsonb_build_object('results', v_results, 'parents', to_jsonb(v_touched), 'notified', v_notified);
END $$;

REVOKE ALL ON FUNCTION app_send_messages(uuid, integer, integer, integer, timestamptz, text[], jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_send_messages(uuid, integer, integer, integer, timestamptz, text[], jsonb) TO enclave_app;
