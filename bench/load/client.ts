// socket.io clients for the load generators, as a browser would use them (websocket transport).
import { io, type Socket } from 'socket.io-client';

export type Ack = { ok: true; data?: unknown } | { ok: false; error: { code: string; message: string } };

/** Resolves once connected (the handshake authenticated the token and joined the workspace rooms). */
export function connect(url: string, token?: string): Promise<Socket> {
  const s = io(url, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

/** Emits with an ack and waits for it. */
export const call = (s: Socket, event: string, payload: unknown) =>
  new Promise<Ack>((resolve) => s.emit(event, payload, resolve));

/** Connects `tokens.length` clients, a few at a time (each handshake reads the database). */
export async function connectAll(url: string | string[], tokens: (string | undefined)[]): Promise<Socket[]> {
  // Several urls (nodes of one deployment): the clients are dealt out among them in turn.
  const urls = typeof url === 'string' ? [url] : url;
  const out: Socket[] = [];
  for (let i = 0; i < tokens.length; i += 20) {
    const batch = tokens.slice(i, i + 20).map((t, k) => connect(urls[(i + k) % urls.length] ?? '', t));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}
