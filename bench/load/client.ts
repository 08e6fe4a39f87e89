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
export async function connectAll(url: string, tokens: (string | undefined)[]): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < tokens.length; i += 20) {
    out.push(...(await Promise.all(tokens.slice(i, i + 20).map((t) => connect(url, t)))));
  }
  return out;
}
