import type { ChatSocket } from '../client/socket-store';
import type { AckData, MessageView, ServerToClientEvents } from '@/server/realtime/types';
import { newClientMsgId } from './ids';
import { LiveFiles } from './live-files';
import { maxRev, maxSeq, mergeMany, patchById, replaceIfHeld, stripWs, tombstone } from './message-list';
import { Outbox, type OutboxItem, type PendingFile } from './outbox';
import { HistoryPages } from './pages';
import { Rooms } from './rooms';
import { Sender } from './sender';
import { Signals } from './signals';
import { withAck } from './socket-ack';
import { ChatStore, convKey, threadKey, withMessages, type ListState } from './store';
import type { Activity, ChatApi, ComposerRules, Message } from './types';

export type { Activity, ChatApi } from './types';
const ACK_TIMEOUT_MS = 10_000;
/** Pages of 100 per catch-up run; each page moves the cursor forward, so the next run resumes. */
const SYNC_MAX_PAGES = 200;

interface Cursor {
  /** The highest seq and rev this client holds for the conversation's tail. */
  lastSeq: number;
  lastRev: number;
  /** Joined and caught up on this connection: events may move the cursor. */
  live: boolean;
}

/**
 * The chat client for one user in one workspace: loads history, keeps the loaded windows current
 * from socket events, catches up with `sync` after every (re)connect, and sends through the outbox.
 *
 * Delivery rules: a send is shown at once from the outbox, goes out one at a time in order, and
 * leaves the outbox only when the server's ack (or the stored message itself) arrives. Everything is
 * merged by id/seq keeping the highest rev, so duplicates from acks, events and sync are harmless.
 */
export class ChatEngine {
  readonly store = new ChatStore();
  readonly outbox: Outbox;
  readonly files: LiveFiles;
  private socket: ChatSocket | null = null;
  private unbind: (() => void) | null = null;
  private readonly rooms: Rooms;
  private readonly sender: Sender;
  private readonly signals: Signals;
  private readonly pages: HistoryPages;
  private cursors = new Map<string, Cursor>();
  private syncs = new Map<string, Promise<void>>();
  private listeners = new Set<(a: Activity) => void>();
  private rules: Promise<ComposerRules | null> | null = null;

  constructor(
    readonly workspaceId: string,
    readonly userId: string,
    private readonly api: ChatApi,
    /** Messages and changes per sync page; the server's default (its maximum) unless a test pages. */
    private readonly syncLimit?: number,
  ) {
    this.outbox = new Outbox(`enclave:outbox:${userId}:${workspaceId}`);
    this.files = new LiveFiles(workspaceId, api, this.store);
    const socketOf = () => this.socket;
    this.rooms = new Rooms(workspaceId, socketOf, (id) => {
      // Without the room nothing keeps the window current: forget it, the next visit reloads it.
      this.cursors.delete(id);
      this.store.drop(convKey(id));
    });
    this.sender = new Sender(
      workspaceId,
      this.outbox,
      socketOf,
      (m, notice, parentId) => {
        this.mergeNew(m.conversationId, [m]);
        if (notice) {
          this.emit({ type: 'notice', conversationId: m.conversationId, parentId, text: notice });
          // What the server masked may be a rule changed since the composer loaded them.
          this.rules = null;
        }
      },
      (where, text) => this.emit({ type: 'notice', ...where, text }),
    );
    this.signals = new Signals(workspaceId, socketOf, (state) => this.emit({ type: 'readState', state }));
    this.pages = new HistoryPages(workspaceId, api, this.store, {
      reachedEnd: (id, msgs) => {
        // Whatever was committed between the page and the room join arrives through sync.
        this.cursors.set(id, { lastSeq: maxSeq(msgs), lastRev: maxRev(msgs), live: false });
        return this.catchUp(id);
      },
      leftEnd: (id) => this.cursors.delete(id),
    });
  }

  // ------------------------------------------------------------------ wiring

  attach(socket: ChatSocket | null) {
    this.detach();
    this.socket = socket;
    if (!socket) return;
    const ws = this.workspaceId;
    const onConnect = () => void this.onConnect(socket);
    const onDisconnect = () => this.onDisconnect();
    const onNew: ServerToClientEvents['message:new'] = (m) => {
      if (m.workspaceId === ws) this.onNewMessage(m);
    };
    const onUpdated: ServerToClientEvents['message:updated'] = (m) => {
      if (m.workspaceId !== ws) return;
      this.mergeChange(stripWs(m));
      this.bump(m.conversationId, 0, m.rev);
    };
    const onDeleted: ServerToClientEvents['message:deleted'] = (p) => {
      if (p.workspaceId !== ws) return;
      this.patchEverywhere(p.conversationId, p.id, p.rev, (m) => tombstone(m, p.deletedAt));
      this.bump(p.conversationId, 0, p.rev);
      this.emit({ type: 'message', conversationId: p.conversationId, authorId: null });
    };
    const onReaction: ServerToClientEvents['reaction:updated'] = (p) => {
      if (p.workspaceId !== ws) return;
      this.patchEverywhere(p.conversationId, p.messageId, p.rev, (m) => ({ ...m, reactions: p.reactions }));
      this.bump(p.conversationId, 0, p.rev);
    };
    const onRead: ServerToClientEvents['read'] = (p) => {
      if (p.workspaceId === ws) this.emit({ type: 'read', ...p });
    };
    const onNotification: ServerToClientEvents['notification'] = (p) => {
      if (p.workspaceId === ws) this.emit({ type: 'notification', conversationId: p.conversationId });
    };
    const onTyping: ServerToClientEvents['typing'] = (p) => {
      // Typing events carry no workspace: only conversations this engine shows count.
      if (p.userId === this.userId || !this.rooms.isWanted(p.conversationId)) return;
      const left = Date.parse(p.expiresAt) - Date.now();
      // Trust the server's lifetime, within reason: the two clocks may disagree.
      const ttl = Number.isFinite(left) ? Math.min(Math.max(left, 1_000), 6_000) : 5_000;
      this.store.setTyping(p.conversationId, p.userId, Date.now() + ttl);
    };
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('message:new', onNew);
    socket.on('message:updated', onUpdated);
    socket.on('message:deleted', onDeleted);
    socket.on('reaction:updated', onReaction);
    socket.on('read', onRead);
    socket.on('notification', onNotification);
    socket.on('typing', onTyping);
    const offFiles = this.files.bind(socket);
    this.unbind = () => {
      offFiles();
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('message:new', onNew);
      socket.off('message:updated', onUpdated);
      socket.off('message:deleted', onDeleted);
      socket.off('reaction:updated', onReaction);
      socket.off('read', onRead);
      socket.off('notification', onNotification);
      socket.off('typing', onTyping);
    };
    if (socket.connected) void this.onConnect(socket);
  }

  detach() {
    this.unbind?.();
    this.unbind = null;
    this.socket = null;
    this.onDisconnect();
  }

  onActivity(fn: (a: Activity) => void) {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  /**
   * Which built-in detectors the workspace masks or refuses, for the composer's warning; loaded once
   * and again after the server masked something. Null when they cannot be loaded: the composer then
   * just does not warn, and the server still decides.
   */
  composerRules(): Promise<ComposerRules | null> {
    this.rules ??= this.api.message.composerRules.query({ workspaceId: this.workspaceId }).catch(() => {
      this.rules = null;
      return null;
    });
    return this.rules;
  }

  private emit(a: Activity) {
    for (const fn of this.listeners) fn(a);
  }

  // On every (re)connect: re-join the rooms, catch up every loaded conversation, then send the outbox.
  private async onConnect(socket: ChatSocket) {
    this.rooms.reset();
    for (const c of this.cursors.values()) c.live = false;
    await Promise.all(this.rooms.wantedIds().map((id) => this.rooms.join(id)));
    if (socket !== this.socket || !socket.connected) return;
    const loaded = this.store
      .listKeys()
      .filter((k) => k.startsWith('c:'))
      .map((k) => k.slice(2));
    await Promise.all(loaded.map((id) => this.catchUp(id)));
    if (socket !== this.socket || !socket.connected) return;
    this.emit({ type: 'synced' });
    this.signals.resend();
    void this.sender.flush();
  }

  private onDisconnect() {
    this.rooms.reset();
    for (const c of this.cursors.values()) c.live = false;
  }

  /** Subscribes to a conversation's live events while something shows it; call the result to release. */
  want(id: string): () => void {
    return this.rooms.want(id);
  }

  // ------------------------------------------------------------------ merging

  private onNewMessage(view: MessageView) {
    const m = stripWs(view);
    this.mergeNew(m.conversationId, [m]);
    const c = this.cursors.get(m.conversationId);
    if (c?.live && m.seq > c.lastSeq + 1) {
      // A message between the two never arrived (an event lost between nodes, a room briefly left):
      // the cursor stays where it was and sync brings what lies between.
      c.live = false;
      void this.catchUp(m.conversationId);
    } else this.bump(m.conversationId, m.seq, m.rev);
    if (m.authorId) this.store.setTyping(m.conversationId, m.authorId, null);
    this.emit({ type: 'message', conversationId: m.conversationId, authorId: m.authorId });
  }

  /** Moves a live cursor forward (events on a joined, caught-up connection arrive in commit order). */
  private bump(id: string, seq: number, rev: number) {
    const c = this.cursors.get(id);
    if (!c?.live) return;
    c.lastSeq = Math.max(c.lastSeq, seq);
    c.lastRev = Math.max(c.lastRev, rev);
  }

  /** New messages (events, acks, sync pages): appended to a window that reaches the end. */
  private mergeNew(conversationId: string, msgs: readonly Message[]) {
    const top = msgs.filter((m) => !m.parentId);
    if (top.length) {
      this.store.update(convKey(conversationId), (s) =>
        s.status === 'ready' && !s.hasMoreAfter ? withMessages(s, mergeMany(s.messages, top)) : s,
      );
    }
    const replies = new Map<string, Message[]>();
    for (const m of msgs) {
      if (m.parentId) replies.set(m.parentId, [...(replies.get(m.parentId) ?? []), m]);
    }
    for (const [root, list] of replies) {
      this.store.update(threadKey(root), (s) =>
        s.status === 'ready' && !s.hasMoreAfter ? withMessages(s, mergeMany(s.messages, list)) : s,
      );
    }
    for (const m of msgs) if (m.authorId === this.userId) this.outbox.remove(m.clientMsgId);
  }

  /** A changed message: replaces the held copy if it is newer; never inserts. */
  mergeChange(m: Message) {
    const key = m.parentId ? threadKey(m.parentId) : convKey(m.conversationId);
    this.store.update(key, (s) => withMessages(s, replaceIfHeld(s.messages, m)));
  }

  private patchEverywhere(conversationId: string, id: string, rev: number, patch: (m: Message) => Message) {
    // The payload does not say whether it is a reply, so every loaded thread is tried as well.
    const keys = [convKey(conversationId), ...this.store.listKeys().filter((k) => k.startsWith('t:'))];
    for (const key of keys)
      this.store.update(key, (s) => withMessages(s, patchById(s.messages, id, rev, patch)));
  }

  // ------------------------------------------------------------------ history

  /** Shows a conversation: the latest page (or the page around a message), then catches up. */
  async open(id: string, around?: string): Promise<void> {
    const s = this.store.list(convKey(id));
    if (!around && s.status === 'ready' && !s.hasMoreAfter) return this.catchUp(id);
    if (around && s.status === 'ready' && s.messages.some((m) => m.id === around)) return;
    await this.loadWindow(id, around);
  }

  /** Replaces the window with the latest messages (or those around one). */
  loadWindow(id: string, around?: string): Promise<void> {
    return this.pages.loadWindow(id, around);
  }

  /** The page before the window's first message. */
  loadOlder(key: string): Promise<void> {
    return this.pages.loadOlder(key);
  }

  /** After a jump: the next page towards the present; at the end the window goes live. */
  loadNewer(key: string): Promise<void> {
    return this.pages.loadNewer(key);
  }

  /** Loads a thread's latest replies (kept current by the conversation's room afterwards). */
  openThread(rootId: string): Promise<void> {
    return this.pages.openThread(rootId);
  }

  closeThread(rootId: string) {
    this.store.drop(threadKey(rootId));
  }

  // ------------------------------------------------------------------ sync

  /** Brings a loaded, live-ending window up to date with `sync`, one run per conversation at a time. */
  catchUp(id: string): Promise<void> {
    const prev = this.syncs.get(id) ?? Promise.resolve();
    const next = prev.then(() => this.syncOnce(id));
    this.syncs.set(id, next);
    void next.finally(() => {
      if (this.syncs.get(id) === next) this.syncs.delete(id);
    });
    return next;
  }

  private async syncOnce(id: string): Promise<void> {
    const socket = this.socket;
    const s: ListState = this.store.list(convKey(id));
    if (!socket?.connected || s.status !== 'ready' || s.hasMoreAfter || !this.rooms.isWanted(id)) return;
    if (!(await this.rooms.join(id))) return;
    const held = this.cursors.get(id);
    let lastSeq = held?.lastSeq ?? maxSeq(s.messages);
    let lastRev = held?.lastRev ?? maxRev(s.messages);
    for (let n = 0; n < SYNC_MAX_PAGES; n++) {
      const r = await withAck<AckData<'sync'>>(socket, ACK_TIMEOUT_MS, (ack) =>
        socket.emit(
          'sync',
          {
            workspaceId: this.workspaceId,
            conversations: [{ conversationId: id, lastSeq, lastRev }],
            ...(this.syncLimit ? { limit: this.syncLimit } : {}),
          },
          ack,
        ),
      );
      // Not caught up: the next connect (or visit) tries again from the same cursor.
      if (r.kind !== 'ok') return;
      const c = r.data.conversations[0];
      if (!c) return;
      this.mergeNew(id, c.messages);
      for (const m of c.changes) this.mergeChange(m);
      lastSeq = c.lastSeq;
      lastRev = c.lastRev;
      this.cursors.set(id, { lastSeq, lastRev, live: false });
      if (!c.hasMore) {
        if (socket === this.socket && socket.connected)
          this.cursors.set(id, { lastSeq, lastRev, live: true });
        return;
      }
    }
    // Very far behind: stop here (the cursor keeps the place); the next visit or connect goes on.
  }

  /** The highest seq known in a conversation (thread replies included), for read marks. */
  latestSeq(id: string): number {
    return Math.max(this.cursors.get(id)?.lastSeq ?? 0, maxSeq(this.store.list(convKey(id)).messages));
  }

  // ------------------------------------------------------------------ sending and signals

  /** Queues a message (shown at once from the outbox) and sends the queue if connected. */
  send(conversationId: string, body: string, parentId: string | null = null, files: PendingFile[] = []) {
    const item: OutboxItem = {
      clientMsgId: newClientMsgId(),
      conversationId,
      parentId,
      body,
      files,
      createdAt: new Date().toISOString(),
      status: 'queued',
      error: null,
    };
    this.outbox.add(item);
    this.signals.sent(conversationId);
    void this.sender.flush();
    return item.clientMsgId;
  }

  retry(clientMsgId: string) {
    this.outbox.update(clientMsgId, { status: 'queued', error: null });
    void this.sender.flush();
  }

  discard(clientMsgId: string) {
    this.outbox.remove(clientMsgId);
  }

  typing(conversationId: string) {
    this.signals.typing(conversationId);
  }

  markRead(conversationId: string, seq: number) {
    this.signals.markRead(conversationId, seq);
  }
}
