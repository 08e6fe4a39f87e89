// One filler process for the 1,000,000-message store (bench/fill.ts starts a few, each with its own
// share of the timeline): genuine rows (AES-GCM bodies bound to their row, blind-index tokens and
// duplicate MACs under the workspace's keys) written straight into `message` as the owner role.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { encryptField } from '../../server/lib/crypto/aead';
import { indexTokens } from '../../server/lib/crypto/search-tokens';
import { bodyBinding, bodyMac } from '../../server/domain/message/view';
import { childMain } from '../lib';
import { fillText } from '../words';

export interface FillParams {
  adminUrl: string;
  workspaceId: string;
  conversationIds: string[];
  authorIds: string[];
  keyVersion: number;
  /** The workspace data key and search key, hex (throwaway keys of the bench's own database). */
  key: string;
  searchKey: string;
  /** This worker writes sequence numbers [fromSeq, toSeq] of every conversation. */
  fromSeq: number;
  toSeq: number;
  /** created_at of (conversation i, seq k) is start + (k × conversations + i) seconds. */
  startMs: number;
}

const BATCH = 2000;

async function main(p: FillParams): Promise<{ rows: number; seconds: number }> {
  const key = Buffer.from(p.key, 'hex');
  const sKey = Buffer.from(p.searchKey, 'hex');
  // A message's tokens are the union of its words' tokens, and texts use a fixed vocabulary, so each
  // word is hashed once: the same tokens indexTokens() gives for the whole text (checked below).
  const wordTokens = new Map<string, string[]>();
  const tokensOf = (words: string[]) => {
    const out = new Set<string>();
    for (const w of words) {
      let t = wordTokens.get(w);
      if (!t) wordTokens.set(w, (t = indexTokens(sKey, w)));
      for (const x of t) out.add(x);
    }
    return [...out];
  };
  const client = new pg.Client({ connectionString: p.adminUrl });
  await client.connect();
  // A bulk load: losing the last commits in a crash would not matter here.
  await client.query('SET synchronous_commit = off');
  const started = performance.now();
  const n = p.conversationIds.length;
  let cols = empty();
  let rows = 0;
  const flush = async () => {
    await client.query(
      `INSERT INTO message (id, workspace_id, conversation_id, seq, rev, author_id, client_msg_id, body,
         key_version, search_tokens, body_mac, created_at)
       SELECT id, $1, conv, seq, seq, author, cid, body, $2, string_to_array(tokens, ' '), mac, at
         FROM unnest($3::uuid[], $4::uuid[], $5::bigint[], $6::text[], $7::text[], $8::bytea[], $9::text[],
                     $10::bytea[], $11::timestamptz[]) AS t(id, conv, seq, author, cid, body, tokens, mac, at)`,
      [
        p.workspaceId,
        p.keyVersion,
        cols.id,
        cols.conv,
        cols.seq,
        cols.author,
        cols.cid,
        cols.body,
        cols.tokens,
        cols.mac,
        cols.at,
      ],
    );
    rows += cols.id.length;
    cols = empty();
  };
  // Time order across conversations, as a live workspace writes them: one conversation's page of
  // history is spread over the table the way real pages are.
  for (let k = p.fromSeq; k <= p.toSeq; k++) {
    for (let i = 0; i < n; i++) {
      const conv = p.conversationIds[i] as string;
      const words = fillText(i, k);
      const text = words.join(' ');
      const id = randomUUID();
      const tokens = tokensOf(words);
      if ((k * n + i) % 5000 === 0 && indexTokens(sKey, text).sort().join() !== [...tokens].sort().join()) {
        throw new Error('cached tokens differ from indexTokens()');
      }
      cols.id.push(id);
      cols.conv.push(conv);
      cols.seq.push(k);
      cols.author.push(p.authorIds[(k + i) % p.authorIds.length] as string);
      cols.cid.push(`fill-${i}-${k}`);
      cols.body.push(encryptField(key, p.keyVersion, bodyBinding(p.workspaceId, id), text));
      cols.tokens.push(tokens.join(' '));
      cols.mac.push(bodyMac(sKey, conv, text));
      cols.at.push(new Date(p.startMs + (k * n + i) * 1000));
      if (cols.id.length >= BATCH) await flush();
    }
  }
  if (cols.id.length) await flush();
  await client.end();
  return { rows, seconds: (performance.now() - started) / 1000 };
}

function empty() {
  return {
    id: [] as string[],
    conv: [] as string[],
    seq: [] as number[],
    author: [] as string[],
    cid: [] as string[],
    body: [] as Buffer[],
    tokens: [] as string[],
    mac: [] as Buffer[],
    at: [] as Date[],
  };
}

await childMain(main);
