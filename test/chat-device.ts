import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import { io } from 'socket.io-client';
import { ChatEngine } from '../components/chat/engine';
import type { AppRouter } from '../server/trpc/root';
import type { Client } from './sockets';

// The shipped chat client (components/chat/engine.ts) in Node: a real tRPC client over HTTP and a
// real Socket.IO client, as the web app and the widget use them, for tests that prove its sync logic.

export type ApiClient = TRPCClient<AppRouter>;

/** The app's tRPC client over HTTP, signed in by a bearer session token. */
export function apiClient(url: string, token: string): ApiClient {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${url}/api/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
}

/** A page's localStorage, so that the outbox survives a "reload" as it does in a browser. */
export function installMemoryStorage(): Map<string, string> {
  const data = new Map<string, string>();
  const storage: Storage = {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  };
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true, writable: true });
  return data;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `done` until it holds; throws with `what()` when it does not within `ms`. */
export async function until(done: () => boolean, what: () => string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what()}`);
    await sleep(10);
  }
}

/**
 * One open page of the chat: an engine, its socket (Socket.IO reconnects it after a transport loss,
 * as in a browser) and the conversations it shows.
 */
export class Device {
  readonly engine: ChatEngine;
  readonly socket: Client;
  private synced = 0;
  private releases: (() => void)[] = [];

  constructor(
    url: string,
    workspaceId: string,
    userId: string,
    token: string,
    readonly api: ApiClient,
    syncLimit?: number,
  ) {
    this.engine = new ChatEngine(workspaceId, userId, api, syncLimit);
    this.engine.onActivity((a) => {
      if (a.type === 'synced') this.synced += 1;
    });
    this.socket = io(url, {
      transports: ['websocket'],
      auth: { token },
      autoConnect: false,
      forceNew: true,
      reconnectionDelay: 20,
      reconnectionDelayMax: 50,
    });
    this.engine.attach(this.socket);
  }

  /** Shows these conversations, as the open page and the sidebar do. */
  async show(conversationIds: readonly string[]) {
    for (const id of conversationIds) this.releases.push(this.engine.want(id));
    await Promise.all(conversationIds.map((id) => this.engine.open(id)));
  }

  /** Connects (or reconnects) and resolves once the engine has caught up on the new connection. */
  async connect() {
    if (this.socket.connected) return;
    const before = this.synced;
    this.socket.connect();
    await this.caughtUp(before);
  }

  /** Resolves once a connection made after `before` synced events has caught up. */
  caughtUp(before = this.synced) {
    return until(
      () => this.synced > before && this.socket.connected,
      () => `the engine caught up (connected: ${this.socket.connected})`,
    );
  }

  get syncedCount() {
    return this.synced;
  }

  /** The outbox has nothing in flight or waiting, or there is no connection to send it on. */
  idle(): boolean {
    if (!this.socket.connected) return true;
    return this.engine.outbox.all().every((i) => i.status === 'failed');
  }

  waitIdle() {
    return until(
      () => this.idle(),
      () => `the outbox drained: ${JSON.stringify(this.engine.outbox.all())}`,
    );
  }

  /** The page goes away: its socket closes and the engine lets go of it. */
  close() {
    for (const release of this.releases) release();
    this.releases = [];
    this.engine.detach();
    this.socket.close();
  }
}
