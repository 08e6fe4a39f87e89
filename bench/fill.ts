// The 1,000,000-message store for `history p95` / `search p95`: one workspace made through the real
// procedures (workspace, members, CONVERSATIONS channels), then messages written by a few filler
// processes (bench/load/fill.ts) with the workspace's real keys.
import type pg from 'pg';
import { testRuntime } from '../test/runtime';
import { mintWorkspaceId, withTenant } from '../server/db/tenant';
import { callerFor } from '../test/actors';
import type { FillParams } from './load/fill';
import { runChild, withClient } from './lib';
import { joinWorkspace, pool, type Chat } from './setup';

export const CONVERSATIONS = 100;
const WORKERS = 2;
const AUTHORS = 10;

export interface Store {
  workspaceId: string;
  conversationIds: string[];
  /** Messages per conversation: seq runs 1..perConversation in each. */
  perConversation: number;
  keyVersion: number;
  searchKey: Buffer;
  note: string;
}

/** Secondary indexes of `message` (not those behind constraints), as CREATE INDEX statements. */
async function secondaryIndexes(c: pg.Client): Promise<{ name: string; def: string }[]> {
  const { rows } = await c.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = 'message'::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid)`,
  );
  return rows;
}

export async function fillStore(chat: Chat, total: number): Promise<Store> {
  const api = await callerFor(chat.owner);
  const ws = await api.workspace.create({ name: 'Bench history' });
  const authors = chat.members.slice(0, AUTHORS - 1);
  await joinWorkspace(chat.owner, ws.id, authors);
  const channels = await pool(
    Array.from({ length: CONVERSATIONS }, (_, i) => i),
    4,
    (i) => api.channel.create({ workspaceId: ws.id, name: `history-${String(i).padStart(3, '0')}` }),
  );
  const workspaceId = mintWorkspaceId(ws.id);
  const { keyVersion, key, searchKey } = await withTenant(
    testRuntime().db.app,
    { workspaceId, userId: null },
    async (tx) => {
      const { keys } = testRuntime();
      const k = await keys.ring.current(tx, workspaceId);
      return {
        keyVersion: k.version,
        key: k.key,
        searchKey: await keys.searchKeyFor(tx, workspaceId, k.version),
      };
    },
  );

  const perConversation = Math.ceil(total / CONVERSATIONS);
  const conversationIds = channels.map((ch) => ch.id);
  const load = await withClient(testRuntime().db.adminUrl, async (c) => {
    // The secondary indexes (the GIN index of search tokens above all) are built once after the load
    // instead of being maintained row by row; their definitions are put back unchanged.
    const indexes = await secondaryIndexes(c);
    for (const i of indexes) await c.query(`DROP INDEX ${i.name}`);
    const started = performance.now();
    const step = Math.ceil(perConversation / WORKERS);
    // The newest stored message is a second old: sends made later sort after it.
    const startMs = Date.now() - (perConversation + 1) * CONVERSATIONS * 1000;
    const results = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) =>
        runChild<{ rows: number; seconds: number }>('load/fill.ts', {
          adminUrl: testRuntime().db.adminUrl,
          workspaceId,
          conversationIds,
          authorIds: [chat.owner, ...authors].map((u) => u.userId),
          keyVersion,
          key: key.toString('hex'),
          searchKey: searchKey.toString('hex'),
          fromSeq: w * step + 1,
          toSeq: Math.min(perConversation, (w + 1) * step),
          startMs,
        } satisfies FillParams),
      ),
    );
    const loaded = performance.now();
    await c.query("SET maintenance_work_mem = '1GB'");
    for (const i of indexes) await c.query(i.def);
    const indexed = performance.now();
    // Later sends continue each conversation's sequence; the key's use count includes these rows.
    await c.query(
      'UPDATE conversation SET last_seq = $1, last_rev = $1 WHERE workspace_id = $2 AND id = ANY($3::uuid[])',
      [perConversation, workspaceId, conversationIds],
    );
    await c.query(
      'UPDATE workspace_key SET encryptions = encryptions + $1 WHERE workspace_id = $2 AND version = $3',
      [perConversation * CONVERSATIONS, workspaceId, keyVersion],
    );
    // What autovacuum would have done by the time a table holds a million rows: statistics for the
    // planner and a visibility map.
    await c.query('VACUUM (ANALYZE) message');
    const { rows } = await c.query<{ heap: string; indexes: string; gin: string; tokens: string }>(
      `SELECT pg_size_pretty(pg_table_size('message')) AS heap, pg_size_pretty(pg_indexes_size('message')) AS indexes,
              pg_size_pretty(pg_relation_size(to_regclass('message_tokens_idx'))) AS gin,
              (SELECT round(avg(cardinality(search_tokens))) FROM message TABLESAMPLE SYSTEM (1)) AS tokens`,
    );
    return { rows, started, loaded, indexed, results };
  });
  const { rows, started, loaded, indexed, results } = load;
  const rowsWritten = results.reduce((s, r) => s + r.rows, 0);
  const secs = (a: number, b: number) => ((b - a) / 1000).toFixed(0);
  const note =
    `${rowsWritten} rows in ${CONVERSATIONS} conversations: load ${secs(started, loaded)} s, ` +
    `indexes ${secs(loaded, indexed)} s, vacuum ${secs(indexed, performance.now())} s; ` +
    `message table ${rows[0]?.heap} + indexes ${rows[0]?.indexes} (GIN ${rows[0]?.gin}), ` +
    `${rows[0]?.tokens} search tokens per message`;
  return { workspaceId, conversationIds, perConversation, keyVersion, searchKey, note };
}
