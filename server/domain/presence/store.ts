import type { PresenceSetInput, PresenceStatus, PresenceView } from './schemas';

/**
 * Who is connected where, and what status they chose: in this process's memory on one node
 * (MemoryPresenceState), in Redis across several (server/runtime/cluster/presence.ts). connect and
 * disconnect answer whether the person became visible or invisible across the whole deployment,
 * which is when others must hear of it.
 */
export interface PresenceState {
  views(userIds: readonly string[]): Promise<Map<string, PresenceView>>;
  present(): Promise<string[]>;
  /**
   * The view when this socket made the person visible (their first anywhere) and they were not
   * just gone (see settle), else null: a reconnect within the grace time is no news to anyone.
   */
  connect(userId: string, socketId: string): Promise<PresenceView | null>;
  /** The view when this was the person's last socket anywhere (they are marked gone), else null. */
  disconnect(userId: string, socketId: string): Promise<PresenceView | null>;
  /** After the grace time: true once if the person is still gone (then others must hear it). */
  settle(userId: string): Promise<boolean>;
  set(userId: string, input: PresenceSetInput): Promise<PresenceView>;
  /** This node's sockets are gone (its realtime server closed). */
  clear(): Promise<void>;
}

interface Entry {
  sockets: Set<string>;
  /** What the user chose; shown only while at least one of their sockets is connected. */
  status: PresenceStatus;
  text: string | null;
  timer?: NodeJS.Timeout;
}

/**
 * Presence of the users connected to this process, in memory (one node; a shared store replaces it
 * when realtime scales out). A user is online while any of their sockets is connected, with the
 * status they chose; offline once the last one disconnects. A chosen status with expiresAt reverts
 * to plain online when it expires (onExpire is told, to broadcast the change).
 */
export class PresenceStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly onExpire: (view: PresenceView) => void) {}

  view(userId: string): PresenceView {
    const e = this.entries.get(userId);
    if (!e || e.sockets.size === 0) return { userId, status: 'offline', text: null };
    return { userId, status: e.status, text: e.text };
  }

  /** Everyone connected here and not offline: who counts for @here. */
  present(): string[] {
    return [...this.entries].filter(([, e]) => e.sockets.size > 0).map(([userId]) => userId);
  }

  /** Returns the view when this socket made the user visible (their first connection), else null. */
  connect(userId: string, socketId: string): PresenceView | null {
    const e = this.entry(userId);
    const first = e.sockets.size === 0;
    e.sockets.add(socketId);
    return first ? this.view(userId) : null;
  }

  /** Returns the view when this was the user's last socket, else null. */
  disconnect(userId: string, socketId: string): PresenceView | null {
    const e = this.entries.get(userId);
    if (!e?.sockets.delete(socketId) || e.sockets.size > 0) return null;
    // A chosen status survives a reload; a default one needs no memory.
    if (e.status === 'online' && e.text === null) this.drop(userId);
    return this.view(userId);
  }

  set(userId: string, input: PresenceSetInput): PresenceView {
    const e = this.entry(userId);
    clearTimeout(e.timer);
    e.timer = undefined;
    e.status = input.status;
    e.text = input.text ? input.text : null;
    if (input.expiresAt) {
      e.timer = setTimeout(() => this.expire(userId), Date.parse(input.expiresAt) - Date.now());
      e.timer.unref();
    }
    return this.view(userId);
  }

  clear() {
    for (const e of this.entries.values()) clearTimeout(e.timer);
    this.entries.clear();
  }

  /** How many people it holds (to see that it stays bounded). */
  get size() {
    return this.entries.size;
  }

  private expire(userId: string) {
    const e = this.entries.get(userId);
    if (!e) return;
    e.timer = undefined;
    e.status = 'online';
    e.text = null;
    if (e.sockets.size === 0) this.drop(userId);
    else this.onExpire(this.view(userId));
  }

  private entry(userId: string): Entry {
    let e = this.entries.get(userId);
    if (!e) {
      e = { sockets: new Set(), status: 'online', text: null };
      this.entries.set(userId, e);
    }
    return e;
  }

  private drop(userId: string) {
    clearTimeout(this.entries.get(userId)?.timer);
    this.entries.delete(userId);
  }
}

/** One node: the state is this process's. */
export class MemoryPresenceState implements PresenceState {
  private readonly store: PresenceStore;
  private readonly gone = new Set<string>();
  constructor(onExpire: (view: PresenceView) => void) {
    this.store = new PresenceStore(onExpire);
  }
  views(userIds: readonly string[]) {
    return Promise.resolve(new Map(userIds.map((id) => [id, this.store.view(id)])));
  }
  present() {
    return Promise.resolve(this.store.present());
  }
  connect(userId: string, socketId: string) {
    const first = this.store.connect(userId, socketId);
    return Promise.resolve(this.gone.delete(userId) ? null : first);
  }
  disconnect(userId: string, socketId: string) {
    const last = this.store.disconnect(userId, socketId);
    if (last) this.gone.add(userId);
    return Promise.resolve(last);
  }
  settle(userId: string) {
    return Promise.resolve(this.gone.delete(userId) && this.store.view(userId).status === 'offline');
  }
  set(userId: string, input: PresenceSetInput) {
    return Promise.resolve(this.store.set(userId, input));
  }
  clear() {
    this.store.clear();
    this.gone.clear();
    return Promise.resolve();
  }
}
