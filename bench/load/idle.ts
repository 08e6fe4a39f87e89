// Load generator for `idle sockets` (its own process): opens `count` sockets (dealt out over the
// tokens and the loopback source addresses, a hundred handshakes at a time), says `start` once all
// are connected, holds them for `holdMs` while the bench process reads its memory, says `end`,
// and closes them.
import { io, type Socket } from 'socket.io-client';
import { childMain, mark } from '../lib';

export interface IdleParams {
  url: string;
  count: number;
  /** Session tokens (the app) or none (the bare server). */
  tokens: string[];
  addresses: string[];
  holdMs: number;
}

export interface IdleResult {
  connected: number;
  /** How long connecting them all took. */
  connectMs: number;
  errors: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(p: IdleParams): Promise<IdleResult> {
  const sockets: Socket[] = [];
  const errors: Record<string, number> = {};
  const t0 = performance.now();
  const open = (i: number) =>
    new Promise<void>((resolve) => {
      const token = p.tokens.length ? p.tokens[i % p.tokens.length] : undefined;
      const s = io(p.url, {
        transports: ['websocket'],
        auth: token ? { token } : {},
        forceNew: true,
        reconnection: false,
        localAddress: p.addresses[i % p.addresses.length],
      } as Parameters<typeof io>[1]);
      sockets.push(s);
      s.once('connect', () => resolve());
      s.once('connect_error', (err) => {
        errors[err.message] = (errors[err.message] ?? 0) + 1;
        resolve();
      });
    });
  for (let i = 0; i < p.count; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, p.count - i) }, (_, k) => open(i + k)));
  }
  const connectMs = performance.now() - t0;
  const connected = sockets.filter((s) => s.connected).length;
  mark('start');
  await sleep(p.holdMs);
  mark('end');
  for (const s of sockets) s.close();
  return { connected, connectMs, errors };
}

void childMain(main);
