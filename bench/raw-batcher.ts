// The raw baseline's group commit, for the send figures: the app batcher's wait rule and cap
// (server/domain/send/batcher.ts) over raw `pg`, each batch one multi-row INSERT of rows made
// beforehand with the real functions (ciphertexts, blind-index tokens, duplicate MACs).
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { env } from '../server/env';
import { encryptField } from '../server/lib/crypto/aead';
import { indexTokens } from '../server/lib/crypto/search-tokens';
import { bodyMac } from '../server/domain/message/view';
import { messageWords, rng } from './words';

export interface Row {
  body: Buffer;
  tokens: string[];
  mac: Buffer;
}

/** Rows shaped like the app's: ciphertext and tokens of generated texts, made before timing starts. */
export function sampleRows(workspaceId: string, conversationId: string): Row[] {
  const key = randomBytes(32);
  const next = rng(7);
  return Array.from({ length: 1000 }, () => {
    const text = `${messageWords(next).join(' ')} m12x3456`;
    return {
      body: encryptField(
        key,
        1,
        { workspaceId, table: 'message', rowId: randomUUID(), column: 'body' },
        text,
      ),
      tokens: indexTokens(key, text),
      mac: bodyMac(key, conversationId, text),
    };
  });
}

/** Where the raw writer's numbering of each conversation stands (the next seq is one more). */
export async function lastSeqs(db: pg.ClientBase | pg.Pool, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; last_seq: string }>(
    'SELECT id, last_seq FROM conversation WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, Number(r.last_seq)]));
}

/** Puts the numbering back into `conversation`, so later sends continue each sequence. */
export async function saveSeqs(db: pg.ClientBase | pg.Pool, seqs: Map<string, number>) {
  for (const [id, seq] of seqs)
    await db.query('UPDATE conversation SET last_seq = $1, last_rev = $1 WHERE id = $2', [seq, id]);
}

/**
 * Wait up to SEND_BATCH_WAIT_MS unless the last batch held one send, or until as many are queued as
 * it held; at most SEND_BATCH_MAX a batch and `inFlight` batches at once.
 */
export class RawBatcher {
  private readonly queue: { conversationId: string; author: string; resolve: () => void }[] = [];
  private running = 0;
  /** Cancels the flush that is coming, if one is. */
  private timer: (() => void) | undefined;
  private lastSize = 1;
  private n = 0;

  constructor(
    private readonly db: pg.ClientBase | pg.Pool,
    private readonly workspaceId: string,
    private readonly seqs: Map<string, number>,
    private readonly rows: Row[],
    private readonly inFlight = 1,
  ) {}

  submit(conversationId: string, author: string): Promise<void> {
    return new Promise<void>((resolve) => {
      this.queue.push({ conversationId, author, resolve });
      if (this.running >= this.inFlight) return;
      if (!this.timer) this.schedule();
      else if (this.queue.length >= this.lastSize) {
        this.timer();
        this.now();
      }
    });
  }

  private now() {
    const h = setImmediate(() => void this.flush());
    this.timer = () => clearImmediate(h);
  }

  private schedule() {
    if (this.lastSize <= 1 || this.queue.length >= this.lastSize) return this.now();
    const h = setTimeout(() => void this.flush(), env().SEND_BATCH_WAIT_MS);
    this.timer = () => clearTimeout(h);
  }

  private async flush() {
    this.timer = undefined;
    this.running++;
    const batch = this.queue.splice(0, env().SEND_BATCH_MAX);
    this.lastSize = batch.length;
    const params: unknown[] = [this.workspaceId];
    const values = batch.map((b) => {
      const r = this.rows[this.n++ % this.rows.length] as Row;
      const s = (this.seqs.get(b.conversationId) ?? 0) + 1;
      this.seqs.set(b.conversationId, s);
      const at = params.length;
      params.push(
        randomUUID(),
        b.conversationId,
        s,
        b.author,
        `raw-${b.conversationId}-${s}`,
        r.body,
        r.tokens,
        r.mac,
      );
      const p = (k: number) => `$${at + k}`;
      return `(${p(1)}::uuid, $1::uuid, ${p(2)}::uuid, ${p(3)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, 1, ${p(7)}::text[], ${p(8)}, now())`;
    });
    await this.db.query(
      `INSERT INTO message (id, workspace_id, conversation_id, seq, rev, author_id, client_msg_id, body,
         key_version, search_tokens, body_mac, created_at) VALUES ${values.join(', ')}`,
      params,
    );
    this.running--;
    for (const b of batch) b.resolve();
    if (this.queue.length && !this.timer && this.running < this.inFlight) this.schedule();
  }
}
