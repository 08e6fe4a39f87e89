/**
 * Messages written but not yet confirmed by the server, in the order they were written. Kept in
 * localStorage per user and workspace, so a reload (or a crash while offline) keeps them; each keeps
 * its clientMsgId for every retry, so the server stores it once however often it is sent.
 */
/** An upload a pending message carries: its id (sent on every retry) and what the chip showed. */
export interface PendingFile {
  id: string;
  name: string;
  size: number;
  kind: 'image' | 'pdf' | 'file';
}

export interface OutboxItem {
  clientMsgId: string;
  conversationId: string;
  parentId: string | null;
  /** May be empty when the message is files alone. */
  body: string;
  /** The uploads it carries, in order (kept for every retry, and across a reload). */
  files: readonly PendingFile[];
  createdAt: string;
  /** queued: waits for the connection; sending: awaiting the ack; failed: needs the person (Retry). */
  status: 'queued' | 'sending' | 'failed';
  error: string | null;
}

const EMPTY: readonly OutboxItem[] = [];

function isPendingFile(v: unknown): v is PendingFile {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.id === 'string' &&
    typeof o.name === 'string' &&
    typeof o.size === 'number' &&
    (o.kind === 'image' || o.kind === 'pdf' || o.kind === 'file')
  );
}

/** Items stored before messages carried files have none. */
const filesOf = (v: unknown): PendingFile[] => (Array.isArray(v) ? v.filter(isPendingFile) : []);

function isItem(v: unknown): v is Omit<OutboxItem, 'files'> & { files?: unknown } {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.clientMsgId === 'string' &&
    typeof o.conversationId === 'string' &&
    typeof o.body === 'string' &&
    (o.parentId === null || typeof o.parentId === 'string')
  );
}

export class Outbox {
  private items: readonly OutboxItem[] = EMPTY;
  private subs = new Set<() => void>();

  constructor(private readonly storageKey: string | null) {
    this.items = this.load();
  }

  /** The stored items as they are (another engine for the same key, or another tab, may have changed them). */
  private read(): readonly OutboxItem[] | null {
    if (!this.storageKey || typeof localStorage === 'undefined') return null;
    try {
      const raw: unknown = JSON.parse(localStorage.getItem(this.storageKey) ?? '[]');
      return Array.isArray(raw) ? raw.filter(isItem).map((i) => ({ ...i, files: filesOf(i.files) })) : [];
    } catch {
      return null;
    }
  }

  private load(): readonly OutboxItem[] {
    const stored = this.read();
    if (!stored) return EMPTY;
    // Whatever was in flight when the page went away is sent again (same clientMsgId).
    return stored.map((i) => ({
      ...i,
      createdAt: typeof i.createdAt === 'string' ? i.createdAt : new Date().toISOString(),
      status: i.status === 'failed' ? 'failed' : 'queued',
      error: i.status === 'failed' && typeof i.error === 'string' ? i.error : null,
    }));
  }

  /** Read-modify-write, so that two holders of the same outbox do not overwrite each other. */
  private change(fn: (items: readonly OutboxItem[]) => readonly OutboxItem[]) {
    this.set(fn(this.read() ?? this.items));
  }

  private save() {
    if (!this.storageKey || typeof localStorage === 'undefined') return;
    try {
      if (this.items.length === 0) localStorage.removeItem(this.storageKey);
      else localStorage.setItem(this.storageKey, JSON.stringify(this.items));
    } catch {
      // Storage full or blocked: the outbox still works for this page's lifetime.
    }
  }

  private set(next: readonly OutboxItem[]) {
    this.items = next;
    this.save();
    for (const fn of this.subs) fn();
  }

  subscribe = (fn: () => void) => {
    this.subs.add(fn);
    return () => {
      this.subs.delete(fn);
    };
  };

  all = (): readonly OutboxItem[] => this.items;

  get(clientMsgId: string): OutboxItem | undefined {
    return this.items.find((i) => i.clientMsgId === clientMsgId);
  }

  add(item: OutboxItem) {
    this.change((items) => [...items, item]);
  }

  update(clientMsgId: string, patch: Partial<Pick<OutboxItem, 'status' | 'error'>>) {
    if (!this.get(clientMsgId)) return;
    this.change((items) => items.map((i) => (i.clientMsgId === clientMsgId ? { ...i, ...patch } : i)));
  }

  remove(clientMsgId: string) {
    if (!this.get(clientMsgId)) return;
    this.change((items) => items.filter((i) => i.clientMsgId !== clientMsgId));
  }
}
