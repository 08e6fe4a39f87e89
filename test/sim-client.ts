import { io } from 'socket.io-client';
import type { MessageOutput } from '../server/domain/message/schemas';
import type { Client } from './sockets';

const ACK_MS = 5_000;

interface SyncPage {
  messages: MessageOutput[];
  lastSeq: number;
  lastRev: number;
  hasMore: boolean;
}

/**
 * A client for the tests of several node processes that keeps what the shipped one keeps: a send
 * stays in its outbox with its clientMsgId until acknowledged and goes out again after a
 * reconnect; after every (re)connect, and whenever a live event's seq skips past the next one, it
 * syncs from the highest seq it holds without a gap. Every request has a timeout: an ack lost with
 * its node never comes.
 */
export class SimClient {
  readonly socket: Client;
  /** Sent, not acknowledged yet: clientMsgId → body. */
  readonly outbox = new Map<string, string>();
  readonly acked = new Map<string, MessageOutput>();
  /** What it holds: seq → message id. */
  readonly held = new Map<number, string>();
  /** Sends whose ack was lost with their connection. */
  lost = 0;
  /**
   * Of those, the ones the server had stored: their next attempt was answered as a duplicate. A
   * node that drains properly answers everything it received, so this stays 0 there.
   */
  storedButUnanswered = 0;
  private readonly lostIds = new Set<string>();
  /** Sends refused for now (UNAVAILABLE, TOO_MANY_REQUESTS) and sent again. */
  refused = 0;
  connects = 0;
  private lastRev = 0;
  private syncing: Promise<void> | null = null;
  private again = false;

  constructor(
    url: string,
    token: string,
    private readonly ref: { workspaceId: string; conversationId: string },
  ) {
    this.socket = io(url, {
      transports: ['websocket'],
      auth: { token },
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    this.socket.on('message:new', (m) => {
      this.hold(m);
      // A seq past the next one: events were missed (their node died before it published them).
      if (m.seq > this.contiguous() + 1) this.sync();
    });
    this.socket.on('connect', () => {
      this.connects++;
      void (async () => {
        await this.ask('channel:join', this.ref);
        this.sync();
        await this.syncing;
        for (const [id, body] of this.outbox) this.transmit(id, body);
      })().catch(() => undefined); // the connection went meanwhile: the next one does it
    });
  }

  private ask(event: string, payload: unknown): Promise<unknown> {
    const timed = this.socket.timeout(ACK_MS);
    return (timed.emitWithAck.bind(timed) as unknown as (e: string, p: unknown) => Promise<unknown>)(
      event,
      payload,
    );
  }

  private hold(m: MessageOutput) {
    const had = this.held.get(m.seq);
    if (had !== undefined && had !== m.id) throw new Error(`seq ${m.seq} names two messages`);
    this.held.set(m.seq, m.id);
  }

  contiguous() {
    let n = 0;
    while (this.held.has(n + 1)) n++;
    return n;
  }

  private async catchUp() {
    let cursor = { lastSeq: this.contiguous(), lastRev: this.lastRev };
    for (;;) {
      const raw = (await this.ask('sync', {
        workspaceId: this.ref.workspaceId,
        conversations: [{ conversationId: this.ref.conversationId, ...cursor }],
        limit: 100,
      })) as { data?: { conversations: SyncPage[] } };
      const c = raw.data?.conversations[0];
      if (!c) return;
      c.messages.forEach((m) => this.hold(m));
      cursor = { lastSeq: c.lastSeq, lastRev: c.lastRev };
      this.lastRev = Math.max(this.lastRev, c.lastRev);
      if (!c.hasMore) return;
    }
  }

  private sync() {
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = this.catchUp()
      .catch(() => undefined)
      .finally(() => {
        this.syncing = null;
        if (this.again) {
          this.again = false;
          this.sync();
        }
      });
  }

  private transmit(clientMsgId: string, body: string) {
    this.ask('message:send', { ...this.ref, clientMsgId, body }).then(
      (raw) => {
        const ack = raw as {
          ok: boolean;
          data?: { message: MessageOutput; duplicate: boolean };
          error?: { code: string; retryAfterSeconds?: number };
        };
        if (!ack.ok || !ack.data) {
          // The database is away (or the budget spent): the same send again, after the time given.
          const code = ack.error?.code;
          if (code === 'UNAVAILABLE' || code === 'TOO_MANY_REQUESTS') {
            this.refused++;
            const wait = Math.min(2, ack.error?.retryAfterSeconds ?? 1) * 1000;
            setTimeout(() => this.outbox.has(clientMsgId) && this.transmit(clientMsgId, body), wait);
          }
          return;
        }
        if (ack.data.duplicate && this.lostIds.has(clientMsgId)) this.storedButUnanswered++;
        this.outbox.delete(clientMsgId);
        this.acked.set(clientMsgId, ack.data.message);
        this.hold(ack.data.message);
      },
      () => {
        // It stays in the outbox and goes out again on the next connection.
        this.lost++;
        this.lostIds.add(clientMsgId);
      },
    );
  }

  /** Writes a message: into the outbox, and out at once if connected. */
  write(body: string) {
    const id = crypto.randomUUID();
    this.outbox.set(id, body);
    if (this.socket.connected) this.transmit(id, body);
  }
}
