import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunningApp } from '../app';
import { type MessageOutput, sendOutput } from '../domain/message/schemas';
import { syncOutput } from '../domain/history/schemas';
import { callerFor, signUp, type TestUser } from '../../test/actors';
import { startTestServer } from '../../test/server';
import { closeAllClients, connect, type Client } from '../../test/sockets';

/**
 * Delivery, as a property: fast-check generates schedules of sends, concurrent bursts, retries with
 * an old client id, sends whose ack is lost to a disconnect, disconnects, reconnects, incremental
 * syncs and changes (edit, delete, react, pin over tRPC) across 3–4 clients in two channels of a
 * fresh workspace, seeded with 0–6 messages sent through the API before anyone connects. Each
 * client keeps what a real one keeps: a log per conversation (seq → message, highest rev wins), a
 * sync cursor (lastSeq, lastRev) and an outbox of sends not acknowledged yet, flushed with the same
 * clientMsgId on reconnect. Some clients apply live events and acks too (full views by highest rev;
 * the partial `message:deleted` / `reaction:updated` as provisional patches); others learn only by sync.
 *
 * Checked along the way: every sync page is gap-free and well-ordered, a completed sync holds every
 * seq up to its cursor and everything acknowledged before it began, a socket's live `message:new`
 * events have consecutive seqs, and one (seq, rev) never means two different states.
 * Checked at the end (everyone reconnected and synced): the database (message.history and
 * thread.replies) has seqs 1..N, every acknowledged send exactly once with the acknowledged id,
 * nothing unsent; every client's log equals the database; a client id's acks all name one message and
 * at most one of them is not a duplicate; one socket's sends are stored in the order it emitted them;
 * edits, deletes, reactions and pins match a model of what was done.
 *
 * A failure prints the shrunk schedule and the seed; replay with `fc.assert(…, { seed, path })`.
 */

const NUM_RUNS = 20;
const ACK_TIMEOUT_MS = 10_000;
const EMOJIS = ['👍', ':tada:', '🎉'] as const;

type Caller = Awaited<ReturnType<typeof callerFor>>;

// ---------------------------------------------------------------------------------------------------
// Schedules

interface SendSpec {
  c: number;
  conv: number;
  /** Reply to the n-th live top-level message of the conversation (if there is one), or top level. */
  reply: number | null;
}
type ChangeOp = 'edit' | 'delete' | 'react' | 'pin';
interface ChangeSpec {
  c: number;
  op: ChangeOp;
  pick: number;
  emoji: number;
}
type Cmd =
  | ({ k: 'send' } & SendSpec)
  /** Several sends (any clients) emitted without waiting, alongside an optional change. */
  | { k: 'burst'; sends: SendSpec[]; change: ChangeSpec | null }
  /** A send, then the socket drops after `delayMs`: the ack may or may not arrive. */
  | ({ k: 'drop'; delayMs: number } & SendSpec)
  | { k: 'retry'; c: number; pick: number }
  | { k: 'disconnect'; c: number }
  /** Reconnects (a connected client drops first): join, sync to the end, flush the outbox. */
  | { k: 'reconnect'; c: number }
  | { k: 'sync'; c: number }
  /** Every connected client syncs (sets mid-run cursors, so later changes arrive as `changes`). */
  | { k: 'syncEveryone' }
  | ({ k: 'change' } & ChangeSpec);

const clientArb = fc.nat({ max: 3 });
const sendSpecArb: fc.Arbitrary<SendSpec> = fc.record({
  c: clientArb,
  conv: fc.nat({ max: 1 }),
  reply: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat({ max: 20 }) }),
});
const changeSpecArb: fc.Arbitrary<ChangeSpec> = fc.record({
  c: clientArb,
  op: fc.constantFrom<ChangeOp>('edit', 'delete', 'delete', 'react', 'react', 'pin'),
  pick: fc.nat({ max: 50 }),
  emoji: fc.nat({ max: EMOJIS.length - 1 }),
});
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 6, arbitrary: sendSpecArb.map((s): Cmd => ({ k: 'send', ...s })) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        sends: fc.array(sendSpecArb, { minLength: 2, maxLength: 6 }),
        change: fc.option(changeSpecArb, { freq: 2 }),
      })
      .map((b): Cmd => ({ k: 'burst', ...b })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ s: sendSpecArb, delayMs: fc.constantFrom(0, 0, 1, 3, 8) })
      .map(({ s, delayMs }): Cmd => ({ k: 'drop', delayMs, ...s })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ c: clientArb, pick: fc.nat({ max: 50 }) }).map((r): Cmd => ({ k: 'retry', ...r })),
  },
  { weight: 2, arbitrary: clientArb.map((c): Cmd => ({ k: 'disconnect', c })) },
  { weight: 2, arbitrary: clientArb.map((c): Cmd => ({ k: 'reconnect', c })) },
  { weight: 2, arbitrary: clientArb.map((c): Cmd => ({ k: 'sync', c })) },
  { weight: 1, arbitrary: fc.constant<Cmd>({ k: 'syncEveryone' }) },
  { weight: 4, arbitrary: changeSpecArb.map((s): Cmd => ({ k: 'change', ...s })) },
);

interface Scenario {
  clients: number;
  /** Messages sent before anyone connects. */
  seed: number;
  /** Per client: apply live events and acks to the log (else the log is built by sync alone). */
  live: boolean[];
  /** Page size for sync: small ones exercise paging through changes and new messages. */
  syncLimit: number;
  cmds: Cmd[];
}
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  clients: fc.integer({ min: 3, max: 4 }),
  seed: fc.integer({ min: 0, max: 6 }),
  live: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  syncLimit: fc.constantFrom(1, 1, 2, 2, 3, 100),
  cmds: fc.array(cmdArb, { minLength: 5, maxLength: 30 }),
});

// ---------------------------------------------------------------------------------------------------
// Acks, narrowed from unknown with the server's own output schemas

const errorAck = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string() }),
});
const ackOf = <S extends z.ZodType>(data: S) => z.union([z.object({ ok: z.literal(true), data }), errorAck]);
const sendAck = ackOf(sendOutput);
const syncAck = ackOf(syncOutput);
const joinAck = ackOf(z.object({ conversationId: z.string() }));

/** Emits with an ack; resolves `lost` if the socket disconnects first, throws if no answer comes. */
async function ask(socket: Client, event: 'message:send' | 'sync' | 'channel:join', payload: unknown) {
  // The payload is checked by the server's schema; the ack is narrowed by the caller.
  const timed = socket.timeout(ACK_TIMEOUT_MS);
  const emit = timed.emitWithAck.bind(timed) as unknown as (e: string, p: unknown) => Promise<unknown>;
  try {
    const raw: unknown = await emit(event, payload);
    return { raw };
  } catch (e) {
    if (!socket.connected) return 'lost' as const;
    throw new Error(`${event}: no ack within ${ACK_TIMEOUT_MS} ms`, { cause: e });
  }
}

// ---------------------------------------------------------------------------------------------------
// What clients hold, and the comparable state of a message

type View = MessageOutput;

/** Everything a client shows of a message, normalized (reaction order is presentation only). */
const stateOf = (m: View) => ({
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  rev: m.rev,
  clientMsgId: m.clientMsgId,
  authorId: m.authorId,
  parentId: m.parentId,
  depth: m.depth,
  body: m.body,
  replyCount: m.replyCount,
  lastReplyAt: m.lastReplyAt,
  threadParticipants: [...m.threadParticipants].sort(),
  reactions: m.reactions
    .map((r) => ({ emoji: r.emoji, count: r.count, userIds: [...r.userIds].sort() }))
    .sort((a, b) => (a.emoji < b.emoji ? -1 : a.emoji > b.emoji ? 1 : 0)),
  pinnedAt: m.pinnedAt,
  pinnedBy: m.pinnedBy,
  editedAt: m.editedAt,
  deletedAt: m.deletedAt,
  createdAt: m.createdAt,
});

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`no element ${i}`);
  return x;
}

interface Attempt {
  /** Which socket emitted it: `${client}:${generation}`. */
  socket: string;
  order: number;
  outcome: 'ok' | 'lost' | 'refused';
  duplicate?: boolean;
  id?: string;
  seq?: number;
}

interface SendRec {
  cid: string;
  client: number;
  conv: string;
  body: string;
  parentId: string | null;
  status: 'pending' | 'acked' | 'refused';
  attempts: Attempt[];
  id?: string;
  seq?: number;
}

/** The model of an acknowledged message: what the schedule did to it. */
interface Known {
  id: string;
  cid: string;
  conv: string;
  seq: number;
  author: number;
  parentId: string | null;
  body: string | null;
  deleted: boolean;
  pinned: boolean;
  reactions: Map<string, Set<string>>;
  /** The highest revision an ack or a change returned for it. */
  rev: number;
}

interface ClientState {
  i: number;
  user: TestUser;
  api: Caller;
  live: boolean;
  socket: Client | null;
  gen: number;
  logs: Map<string, Map<number, View>>;
  cursors: Map<string, { lastSeq: number; lastRev: number }>;
  /** The last `message:new` seq per conversation on the current socket. */
  liveLast: Map<string, number>;
  /** Messages whose entry was patched by a partial live event (replaced by any full view at its rev). */
  patched: Set<string>;
  outbox: SendRec[];
  mine: SendRec[];
}

// ---------------------------------------------------------------------------------------------------
// One run: a fresh workspace, its clients, the schedule, the checks

let app: RunningApp;
let users: TestUser[];
let runNo = 0;

class Run {
  readonly violations: string[] = [];
  readonly sends = new Map<string, SendRec>();
  readonly known = new Map<string, Known>();
  /** The highest seq acknowledged so far per conversation (sends commit before they are acked). */
  readonly maxAcked = new Map<string, number>();
  private order = 0;
  private n = 0;
  readonly run = ++runNo;

  private constructor(
    readonly workspaceId: string,
    readonly convs: string[],
    readonly clients: ClientState[],
    readonly syncLimit: number,
  ) {}

  static async start(s: Scenario): Promise<Run> {
    const ownerApi = await callerFor(at(users, 0));
    const ws = await ownerApi.workspace.create({ name: `Delivery ${runNo + 1}` });
    const general = at(await ownerApi.channel.list({ workspaceId: ws.id }), 0);
    const side = await ownerApi.channel.create({ workspaceId: ws.id, name: `side-${runNo + 1}` });
    const clients: ClientState[] = [];
    for (let i = 0; i < s.clients; i++) {
      const user = at(users, i);
      const api = i === 0 ? ownerApi : await callerFor(user);
      if (i > 0) {
        const inv = await ownerApi.member.invite({ workspaceId: ws.id, role: 'member' });
        await api.member.accept({ token: inv.token });
        await api.channel.join({ workspaceId: ws.id, channelId: side.id });
      }
      clients.push({
        i,
        user,
        api,
        live: at(s.live, i),
        socket: null,
        gen: 0,
        logs: new Map([general.id, side.id].map((c) => [c, new Map<number, View>()])),
        cursors: new Map([general.id, side.id].map((c) => [c, { lastSeq: 0, lastRev: 0 }])),
        liveLast: new Map(),
        patched: new Set(),
        outbox: [],
        mine: [],
      });
    }
    const r = new Run(ws.id, [general.id, side.id], clients, s.syncLimit);
    await r.seed(s.seed);
    for (const cl of clients) await r.connect(cl);
    return r;
  }

  private violation(msg: string) {
    this.violations.push(msg);
  }

  /** Violations seen so far (some arrive with live events, between commands). */
  expectNoViolations(after: string) {
    expect(this.violations, `after ${after}`).toEqual([]);
  }

  private client(c: number): ClientState {
    return at(this.clients, c % this.clients.length);
  }

  // --- the client's log ---------------------------------------------------------------------------

  private merge(cl: ClientState, m: View, via: string) {
    const log = cl.logs.get(m.conversationId);
    if (!log)
      return this.violation(`client ${cl.i}: ${via} brought a message of unknown ${m.conversationId}`);
    const have = log.get(m.seq);
    if (have && have.id !== m.id) {
      this.violation(`client ${cl.i}: seq ${m.seq} held ${have.id}, ${via} brought ${m.id}`);
    } else if (!have || m.rev > have.rev || (m.rev === have.rev && cl.patched.has(m.id))) {
      log.set(m.seq, m);
      cl.patched.delete(m.id);
    } else if (m.rev === have.rev && JSON.stringify(stateOf(m)) !== JSON.stringify(stateOf(have))) {
      this.violation(
        `client ${cl.i}: seq ${m.seq} rev ${m.rev} has two states: ${JSON.stringify(stateOf(have))} / ${via} ${JSON.stringify(stateOf(m))}`,
      );
    }
  }

  private onLive(
    cl: ClientState,
    socket: Client,
    kind: 'new' | 'updated',
    m: View & { workspaceId: string },
  ) {
    if (cl.socket !== socket) return;
    if (m.workspaceId !== this.workspaceId) {
      return this.violation(`client ${cl.i}: live ${kind} from another workspace`);
    }
    if (kind === 'new') {
      const last = cl.liveLast.get(m.conversationId);
      if (last !== undefined && m.seq !== last + 1) {
        this.violation(`client ${cl.i}: live message:new seq ${m.seq} after ${last} on one socket`);
      }
      cl.liveLast.set(m.conversationId, m.seq);
    }
    if (cl.live) this.merge(cl, m, `live ${kind}`);
  }

  /**
   * `message:deleted` and `reaction:updated` carry a part of the message: a client patches the entry it
   * holds. A patch may land on a stale entry (events of different transactions can arrive out of order),
   * so the entry only counts as patched: a full view at the same revision replaces it.
   */
  private onPatch(
    cl: ClientState,
    socket: Client,
    p: { workspaceId: string; conversationId: string; id: string; seq?: number; rev: number },
    patch: (m: View) => View,
  ) {
    if (cl.socket !== socket) return;
    const where = `client ${cl.i}: live patch of ${p.id}`;
    if (p.workspaceId !== this.workspaceId) return this.violation(`${where} from another workspace`);
    const k = this.known.get(p.id);
    if (k && (k.conv !== p.conversationId || (p.seq !== undefined && k.seq !== p.seq))) {
      return this.violation(`${where} names ${p.conversationId}/${p.seq}, it is ${k.conv}/${k.seq}`);
    }
    const log = cl.logs.get(p.conversationId);
    const have =
      p.seq !== undefined ? log?.get(p.seq) : [...(log?.values() ?? [])].find((m) => m.id === p.id);
    if (have && have.id !== p.id) return this.violation(`${where}: seq ${p.seq} holds ${have.id}`);
    if (!cl.live || !log || !have || p.rev <= have.rev) return;
    log.set(have.seq, { ...patch(have), rev: p.rev });
    cl.patched.add(p.id);
  }

  // --- connection -----------------------------------------------------------------------------------

  async connect(cl: ClientState) {
    if (cl.socket) this.disconnect(cl);
    const socket = await connect(app.url, { token: cl.user.token });
    cl.socket = socket;
    cl.gen += 1;
    cl.liveLast = new Map();
    socket.on('message:new', (m) => this.onLive(cl, socket, 'new', m));
    socket.on('message:updated', (m) => this.onLive(cl, socket, 'updated', m));
    socket.on('message:deleted', (p) =>
      this.onPatch(cl, socket, p, (m) => ({
        ...m,
        body: null,
        deletedAt: p.deletedAt,
        pinnedAt: null,
        pinnedBy: null,
        reactions: [],
        mentions: [],
        mentionChannel: false,
        mentionHere: false,
      })),
    );
    socket.on('reaction:updated', (p) =>
      this.onPatch(cl, socket, { ...p, id: p.messageId }, (m) => ({ ...m, reactions: p.reactions })),
    );
    for (const channelId of this.convs) {
      const res = await ask(socket, 'channel:join', {
        workspaceId: this.workspaceId,
        conversationId: channelId,
      });
      if (res === 'lost') throw new Error('lost a join ack without disconnecting');
      expect(joinAck.parse(res.raw), 'channel:join').toMatchObject({ ok: true });
    }
    await this.syncAll(cl);
    await this.flush(cl);
  }

  disconnect(cl: ClientState) {
    cl.socket?.disconnect();
    cl.socket = null;
  }

  // --- sync -------------------------------------------------------------------------------------------

  async syncAll(cl: ClientState) {
    const socket = cl.socket;
    if (!socket) throw new Error('sync while disconnected');
    // What was acknowledged before this sync began must be in it.
    const floorSeq = new Map(this.maxAcked);
    const floorRev = new Map([...this.known.values()].map((k) => [k.id, k.rev]));
    let pending = [...this.convs];
    for (let round = 0; pending.length > 0; round++) {
      if (round > 2000) throw new Error('sync does not converge');
      const conversations = pending.map((conversationId) => ({
        conversationId,
        ...(cl.cursors.get(conversationId) ?? { lastSeq: 0, lastRev: 0 }),
      }));
      const res = await ask(socket, 'sync', {
        workspaceId: this.workspaceId,
        conversations,
        limit: this.syncLimit,
      });
      if (res === 'lost') throw new Error('lost a sync ack without disconnecting');
      const ack = syncAck.parse(res.raw);
      if (!ack.ok) throw new Error(`sync refused: ${ack.error.code} ${ack.error.message}`);
      expect(ack.data.conversations.map((c) => c.conversationId)).toEqual(pending);
      const next: string[] = [];
      for (const r of ack.data.conversations) {
        const cur = cl.cursors.get(r.conversationId) ?? { lastSeq: 0, lastRev: 0 };
        const where = `client ${cl.i} sync (${cur.lastSeq}, ${cur.lastRev}) limit ${this.syncLimit}`;
        const seqs = r.messages.map((m) => m.seq);
        if (JSON.stringify(seqs) !== JSON.stringify(range(cur.lastSeq + 1, cur.lastSeq + seqs.length))) {
          this.violation(`${where}: messages ${JSON.stringify(seqs)} are not consecutive after lastSeq`);
        }
        const revs = r.changes.map((m) => m.rev);
        if (revs.some((v, i) => i > 0 && v <= at(revs, i - 1))) {
          this.violation(`${where}: changes not in revision order ${JSON.stringify(revs)}`);
        }
        for (const m of r.changes) {
          if (m.seq > cur.lastSeq || m.rev <= cur.lastRev) {
            this.violation(`${where}: change seq ${m.seq} rev ${m.rev} is outside the cursor`);
          }
        }
        if (r.lastSeq !== (r.messages.at(-1)?.seq ?? cur.lastSeq)) {
          this.violation(`${where}: lastSeq ${r.lastSeq} does not follow the page`);
        }
        const maxRev = Math.max(0, ...r.changes.map((m) => m.rev), ...r.messages.map((m) => m.rev));
        if (r.lastRev < cur.lastRev || r.lastRev < maxRev) {
          this.violation(`${where}: lastRev ${r.lastRev} is behind (cursor ${cur.lastRev}, page ${maxRev})`);
        }
        for (const m of [...r.changes, ...r.messages]) {
          if (m.conversationId !== r.conversationId)
            this.violation(`${where}: message of another conversation`);
          this.merge(cl, m, 'sync');
        }
        if (r.hasMore && r.lastSeq === cur.lastSeq && r.lastRev === cur.lastRev) {
          throw new Error(`${where}: hasMore without progress`);
        }
        cl.cursors.set(r.conversationId, { lastSeq: r.lastSeq, lastRev: r.lastRev });
        if (r.hasMore) next.push(r.conversationId);
      }
      pending = next;
    }
    for (const conv of this.convs) {
      const { lastSeq } = cl.cursors.get(conv) ?? { lastSeq: 0 };
      const log = cl.logs.get(conv) ?? new Map<number, View>();
      const missing = range(1, lastSeq).filter((s) => !log.has(s));
      if (missing.length)
        this.violation(`client ${cl.i}: synced to ${lastSeq} but lacks ${missing.join(',')}`);
      const floor = floorSeq.get(conv) ?? 0;
      if (lastSeq < floor) this.violation(`client ${cl.i}: synced to ${lastSeq}, ${floor} was acknowledged`);
    }
    for (const [id, rev] of floorRev) {
      const k = this.known.get(id);
      if (!k) continue;
      const mine = cl.logs.get(k.conv)?.get(k.seq);
      if (!mine || mine.rev < rev) {
        this.violation(`client ${cl.i}: after sync holds ${k.cid} at rev ${mine?.rev} < acknowledged ${rev}`);
      }
    }
  }

  // --- sends ------------------------------------------------------------------------------------------

  private newSend(spec: SendSpec): SendRec {
    const cl = this.client(spec.c);
    const conv = at(this.convs, spec.conv % this.convs.length);
    let parentId: string | null = null;
    if (spec.reply !== null) {
      const tops = [...this.known.values()].filter((k) => k.conv === conv && !k.parentId && !k.deleted);
      if (tops.length) parentId = at(tops, spec.reply % tops.length).id;
    }
    const n = ++this.n;
    const cid = `r${this.run}-c${cl.i}-${String(n).padStart(4, '0')}`;
    const rec: SendRec = {
      cid,
      client: cl.i,
      conv,
      body: `run ${this.run} message ${n} from ${cl.i}${parentId ? ' (reply)' : ''} ✓`,
      parentId,
      status: 'pending',
      attempts: [],
    };
    this.sends.set(cid, rec);
    cl.mine.push(rec);
    return rec;
  }

  /**
   * Messages that exist before anyone connects, sent through the API (message.send, not the batcher):
   * every client's first sync holds them, so later changes to them arrive as `changes`.
   */
  async seed(n: number) {
    const owner = at(this.clients, 0);
    for (let i = 0; i < n; i++) {
      const rec = this.newSend({ c: 0, conv: i % 2, reply: null });
      const attempt: Attempt = { socket: 'api', order: ++this.order, outcome: 'lost' };
      rec.attempts.push(attempt);
      const out = await owner.api.message.send({
        workspaceId: this.workspaceId,
        conversationId: rec.conv,
        clientMsgId: rec.cid,
        body: rec.body,
      });
      this.accept(owner, rec, attempt, out, `seed ${rec.cid}`);
    }
  }

  /** Emits on the current socket, or queues in the outbox while offline. */
  private dispatch(cl: ClientState, rec: SendRec): Promise<void> {
    if (!cl.outbox.includes(rec) && rec.status === 'pending') cl.outbox.push(rec);
    return cl.socket ? this.emitSend(cl, rec) : Promise.resolve();
  }

  private async emitSend(cl: ClientState, rec: SendRec) {
    const socket = cl.socket;
    if (!socket) throw new Error('emit while disconnected');
    const attempt: Attempt = { socket: `${cl.i}:${cl.gen}`, order: ++this.order, outcome: 'lost' };
    rec.attempts.push(attempt);
    const res = await ask(socket, 'message:send', {
      workspaceId: this.workspaceId,
      conversationId: rec.conv,
      clientMsgId: rec.cid,
      body: rec.body,
      ...(rec.parentId ? { parentId: rec.parentId } : {}),
    });
    if (res === 'lost') return; // stays in the outbox
    const ack = sendAck.parse(res.raw);
    const where = `send ${rec.cid} (attempt ${rec.attempts.length})`;
    if (!ack.ok) {
      // The one refusal a schedule can cause: a reply whose parent was deleted meanwhile.
      if (ack.error.code !== 'NOT_FOUND' || !rec.parentId) {
        throw new Error(`${where} refused: ${ack.error.code} ${ack.error.message}`);
      }
      attempt.outcome = 'refused';
      if (rec.status === 'acked') this.violation(`${where}: refused after it was stored`);
      else rec.status = 'refused';
      cl.outbox = cl.outbox.filter((r) => r !== rec);
      return;
    }
    this.accept(cl, rec, attempt, ack.data, where);
  }

  /** A send's success, from a socket ack or the API: one message per client id, as acknowledged. */
  private accept(
    cl: ClientState,
    rec: SendRec,
    attempt: Attempt,
    { message: m, duplicate }: { message: View; duplicate: boolean },
    where: string,
  ) {
    Object.assign(attempt, { outcome: 'ok', duplicate, id: m.id, seq: m.seq });
    if (
      m.clientMsgId !== rec.cid ||
      m.conversationId !== rec.conv ||
      m.authorId !== cl.user.userId ||
      m.parentId !== rec.parentId ||
      (!duplicate && m.body !== rec.body)
    ) {
      this.violation(`${where}: ack carries another message ${JSON.stringify(stateOf(m))}`);
    }
    if (rec.status === 'refused') this.violation(`${where}: stored after it was refused`);
    if (rec.id === undefined) {
      rec.id = m.id;
      rec.seq = m.seq;
      rec.status = 'acked';
      this.known.set(m.id, {
        id: m.id,
        cid: rec.cid,
        conv: rec.conv,
        seq: m.seq,
        author: cl.i,
        parentId: rec.parentId,
        body: rec.body,
        deleted: false,
        pinned: false,
        reactions: new Map(),
        rev: m.rev,
      });
    } else if (rec.id !== m.id || rec.seq !== m.seq) {
      this.violation(`${where}: acked as ${m.id}/${m.seq}, earlier as ${rec.id}/${rec.seq}`);
    }
    const k = this.known.get(m.id);
    if (k) k.rev = Math.max(k.rev, m.rev);
    this.maxAcked.set(rec.conv, Math.max(this.maxAcked.get(rec.conv) ?? 0, m.seq));
    cl.outbox = cl.outbox.filter((r) => r !== rec);
    if (cl.live) this.merge(cl, m, 'ack');
  }

  /** The offline outbox, in order, with the same client ids. */
  async flush(cl: ClientState) {
    for (const rec of [...cl.outbox]) {
      if (rec.status === 'pending' && cl.socket) await this.emitSend(cl, rec);
    }
  }

  // --- changes over tRPC (another device of the same person: works while the socket is down) --------

  private async change(spec: ChangeSpec) {
    const cl = this.client(spec.c);
    const alive = [...this.known.values()].filter((k) => !k.deleted);
    const cands =
      spec.op === 'edit'
        ? alive.filter((k) => k.author === cl.i)
        : spec.op === 'delete'
          ? alive.filter((k) => k.author === cl.i || cl.i === 0) // client 0 owns the workspace
          : alive;
    if (cands.length === 0) return;
    const k = at(cands, spec.pick % cands.length);
    const ref = { workspaceId: this.workspaceId, messageId: k.id };
    let v: View;
    switch (spec.op) {
      case 'edit': {
        const body = `run ${this.run} edit ${++this.n} by ${cl.i}`;
        v = await cl.api.message.edit({ ...ref, body });
        k.body = body;
        break;
      }
      case 'delete':
        v = await cl.api.message.delete(ref);
        k.deleted = true;
        k.body = null;
        k.pinned = false;
        k.reactions.clear();
        break;
      case 'react': {
        const emoji = at(EMOJIS, spec.emoji);
        v = await cl.api.reaction.toggle({ ...ref, emoji });
        const who = k.reactions.get(emoji) ?? new Set<string>();
        if (who.has(cl.user.userId)) who.delete(cl.user.userId);
        else who.add(cl.user.userId);
        if (who.size) k.reactions.set(emoji, who);
        else k.reactions.delete(emoji);
        break;
      }
      case 'pin':
        v = await cl.api.message.pin({ ...ref, pinned: !k.pinned });
        k.pinned = !k.pinned;
        break;
    }
    if (v.rev <= k.rev) this.violation(`${spec.op} of ${k.cid}: rev ${v.rev} did not pass ${k.rev}`);
    k.rev = Math.max(k.rev, v.rev);
    this.expectModel(k, v, `${spec.op} by ${cl.i}`);
  }

  private expectModel(k: Known, v: View, where: string) {
    const want = {
      body: k.body,
      deleted: k.deleted,
      pinned: k.pinned,
      reactions: Object.fromEntries([...k.reactions].map(([e, s]) => [e, [...s].sort()])),
    };
    const got = {
      body: v.body,
      deleted: v.deletedAt !== null,
      pinned: v.pinnedAt !== null,
      reactions: Object.fromEntries(v.reactions.map((r) => [r.emoji, [...r.userIds].sort()])),
    };
    expect(got, `${k.cid} after ${where}`).toEqual(want);
  }

  // --- the schedule -------------------------------------------------------------------------------------

  async exec(cmd: Cmd) {
    switch (cmd.k) {
      case 'send': {
        const cl = this.client(cmd.c);
        await this.dispatch(cl, this.newSend(cmd));
        break;
      }
      case 'burst': {
        const work = cmd.sends.map((s) => this.dispatch(this.client(s.c), this.newSend(s)));
        if (cmd.change) work.push(this.change(cmd.change));
        await Promise.all(work);
        break;
      }
      case 'drop': {
        const cl = this.client(cmd.c);
        const pending = this.dispatch(cl, this.newSend(cmd));
        if (cmd.delayMs > 0) await new Promise((r) => setTimeout(r, cmd.delayMs));
        this.disconnect(cl);
        await pending;
        break;
      }
      case 'retry': {
        const cl = this.client(cmd.c);
        if (cl.mine.length === 0) break;
        const rec = at(cl.mine, cmd.pick % cl.mine.length);
        if (cl.socket) await this.emitSend(cl, rec);
        break; // offline: a pending one is in the outbox already
      }
      case 'disconnect':
        this.disconnect(this.client(cmd.c));
        break;
      case 'reconnect':
        await this.connect(this.client(cmd.c));
        break;
      case 'sync': {
        const cl = this.client(cmd.c);
        if (cl.socket) await this.syncAll(cl);
        break;
      }
      case 'syncEveryone':
        for (const cl of this.clients) if (cl.socket) await this.syncAll(cl);
        break;
      case 'change':
        await this.change(cmd);
        break;
    }
  }

  // --- the end state ------------------------------------------------------------------------------------

  /** The top level of a conversation (message.history), or one thread's replies (thread.replies). */
  private async history(conversationId: string, threadRoot?: string): Promise<View[]> {
    const api = at(this.clients, 0).api;
    const workspaceId = this.workspaceId;
    const out: View[] = [];
    let after = 0;
    for (;;) {
      const page = threadRoot
        ? await api.thread.replies({ workspaceId, messageId: threadRoot, after, limit: 100 })
        : await api.message.history({ workspaceId, conversationId, after, limit: 100 });
      out.push(...page.messages);
      const last = page.messages.at(-1);
      if (!page.hasMoreAfter || !last) return out;
      after = last.seq;
    }
  }

  async finish() {
    // Everyone comes back, flushes, and then syncs once more (to see the others' flushes).
    for (const cl of this.clients) {
      if (cl.socket) await this.flush(cl);
      else await this.connect(cl);
    }
    for (const cl of this.clients) await this.syncAll(cl);
    this.expectNoViolations('the final sync');

    for (const rec of this.sends.values()) {
      expect(rec.status, `${rec.cid} still pending after every outbox was flushed`).not.toBe('pending');
    }

    for (const conv of this.convs) {
      // The database, through the API: the top level, then every thread that has or had replies.
      const top = await this.history(conv);
      const parents = new Set([
        ...top.filter((m) => m.replyCount > 0).map((m) => m.id),
        ...[...this.sends.values()].flatMap((r) => (r.conv === conv && r.parentId ? [r.parentId] : [])),
      ]);
      const db = [...top];
      for (const p of parents) db.push(...(await this.history(conv, p)));
      db.sort((a, b) => a.seq - b.seq);
      const n = db.length;

      // No gap, no duplicate.
      expect(
        db.map((m) => m.seq),
        'stored seqs',
      ).toEqual(range(1, n));
      expect(new Set(db.map((m) => m.id)).size, 'distinct ids').toBe(n);

      // Stored = acknowledged, each once, as acknowledged.
      const byCid = new Map(db.map((m) => [m.clientMsgId, m]));
      expect(byCid.size, 'distinct client ids').toBe(n);
      const recs = [...this.sends.values()].filter((r) => r.conv === conv);
      for (const m of db) {
        const rec = this.sends.get(m.clientMsgId);
        expect(rec, `stored ${m.clientMsgId} was never sent`).toBeDefined();
        if (!rec) continue;
        expect(
          { status: rec.status, id: rec.id, seq: rec.seq, conv: rec.conv, parentId: rec.parentId },
          `stored ${m.clientMsgId}`,
        ).toEqual({ status: 'acked', id: m.id, seq: m.seq, conv, parentId: m.parentId });
        expect(m.authorId).toBe(at(this.clients, rec.client).user.userId);
        const k = this.known.get(m.id);
        expect(k, `stored ${m.clientMsgId} is in the model`).toBeDefined();
        if (k) this.expectModel(k, m, 'the schedule');
      }
      for (const rec of recs) {
        if (rec.status === 'acked') {
          expect(byCid.get(rec.cid)?.id, `acknowledged ${rec.cid} is stored`).toBe(rec.id);
        } else {
          expect(byCid.has(rec.cid), `refused ${rec.cid} is not stored`).toBe(false);
          const parent = db.find((m) => m.id === rec.parentId);
          expect(parent?.deletedAt ?? null, `refused reply ${rec.cid} had a live parent`).not.toBeNull();
        }
        // Retries: one message per client id, created by at most one attempt (exactly one if no ack was lost).
        const oks = rec.attempts.filter((a) => a.outcome === 'ok');
        expect(new Set(oks.map((a) => `${a.id}/${a.seq}`)).size, `${rec.cid} acks`).toBeLessThanOrEqual(1);
        const created = oks.filter((a) => a.duplicate === false).length;
        if (rec.attempts.every((a) => a.outcome === 'ok')) expect(created, `${rec.cid} created`).toBe(1);
        else expect(created, `${rec.cid} created`).toBeLessThanOrEqual(1);
      }

      // One socket's sends are stored in the order it emitted them.
      const bySocket = new Map<string, { order: number; seq: number }[]>();
      for (const rec of recs) {
        for (const a of rec.attempts) {
          if (a.outcome !== 'ok' || a.duplicate || a.seq === undefined) continue;
          bySocket.set(a.socket, [...(bySocket.get(a.socket) ?? []), { order: a.order, seq: a.seq }]);
        }
      }
      for (const [socket, xs] of bySocket) {
        const seqs = xs.sort((a, b) => a.order - b.order).map((x) => x.seq);
        expect(seqs, `socket ${socket} stored out of order`).toEqual([...seqs].sort((a, b) => a - b));
      }

      // Every client's log is the database: same seqs, same state, same cursor.
      const want = db.map(stateOf);
      const dbMaxRev = Math.max(0, ...db.map((m) => m.rev));
      const revs = new Set<number>();
      for (const cl of this.clients) {
        const log = cl.logs.get(conv) ?? new Map<number, View>();
        const got = [...log.values()].sort((a, b) => a.seq - b.seq).map(stateOf);
        expect(
          got,
          `client ${cl.i} (live ${cl.live}) log of ${conv === this.convs[0] ? 'general' : 'side'}`,
        ).toEqual(want);
        const cur = cl.cursors.get(conv);
        expect(cur?.lastSeq, `client ${cl.i} lastSeq`).toBe(n);
        expect(cur?.lastRev ?? 0, `client ${cl.i} lastRev`).toBeGreaterThanOrEqual(dbMaxRev);
        revs.add(cur?.lastRev ?? -1);
      }
      if (n > 0) expect(revs.size, 'every client ends at the same revision').toBe(1);
    }
    this.expectNoViolations('the end');
  }

  close() {
    for (const cl of this.clients) this.disconnect(cl);
  }
}

beforeAll(async () => {
  app = await startTestServer();
  users = [];
  for (const name of ['Ada', 'Brian', 'Chen', 'Dara']) users.push(await signUp(name));
});
afterAll(async () => {
  closeAllClients();
  await app.shutdown();
});

describe('delivery (property)', () => {
  it('every client ends with the database: no gap, no duplicate, acknowledged sends stored once', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const run = await Run.start(s);
        try {
          for (const [i, cmd] of s.cmds.entries()) {
            await run.exec(cmd);
            run.expectNoViolations(`command ${i} ${JSON.stringify(cmd)}`);
          }
          await run.finish();
        } finally {
          run.close();
        }
      }),
      { numRuns: NUM_RUNS, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
    );
  }, 180_000);
});
