import { randomUUID } from 'node:crypto';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { callerFor, signUp } from './actors';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../server/realtime/types';

// Helpers for the realtime tests only: real Socket.IO clients against a real server.

export type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
const open = new Set<Client>();

export interface ConnectOpts {
  token?: string;
  cookie?: string;
  origin?: string;
  reconnection?: boolean;
}

function makeClient(url: string, o: ConnectOpts): Client {
  const extraHeaders: Record<string, string> = {};
  if (o.cookie) extraHeaders.cookie = o.cookie;
  if (o.origin) extraHeaders.origin = o.origin;
  const c: Client = connectClient(url, {
    transports: ['websocket'],
    auth: o.token ? { token: o.token } : {},
    extraHeaders,
    reconnection: o.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
    forceNew: true,
  });
  open.add(c);
  return c;
}

/** Connects and resolves on `connect`; rejects with the connect_error message. */
export function connect(url: string, o: ConnectOpts = {}): Promise<Client> {
  const c = makeClient(url, o);
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve(c));
    c.once('connect_error', (err) => {
      c.close();
      reject(err);
    });
  });
}

export function closeAllClients() {
  for (const c of open) c.close();
  open.clear();
}

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** The next `event` on this client, with the time it arrived (ms since epoch). */
export function nextEvent<E extends keyof ServerToClientEvents>(
  c: Client,
  event: E,
  timeoutMs = 3000,
  where: (p: Payload<E>) => boolean = () => true,
): Promise<{ payload: Payload<E>; at: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      c.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (p: Payload<E>) => {
      if (!where(p)) return;
      clearTimeout(timer);
      c.off(event, listener as never);
      resolve({ payload: p, at: Date.now() });
    };
    c.on(event, listener as never);
  });
}

/** Everything `event` brings during the next `ms` milliseconds. */
export async function collect<E extends keyof ServerToClientEvents>(
  c: Client,
  event: E,
  ms: number,
): Promise<Payload<E>[]> {
  const got: Payload<E>[] = [];
  const listener = (p: Payload<E>) => got.push(p);
  c.on(event, listener as never);
  await new Promise((r) => setTimeout(r, ms));
  c.off(event, listener as never);
  return got;
}

export function nextDisconnect(c: Client, timeoutMs = 3000): Promise<{ reason: string; at: number }> {
  return new Promise((resolve, reject) => {
    if (c.disconnected) return reject(new Error('already disconnected'));
    const timer = setTimeout(() => reject(new Error(`no disconnect within ${timeoutMs} ms`)), timeoutMs);
    c.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve({ reason, at: Date.now() });
    });
  });
}

/** `channel:join` over the socket, for a conversation the test expects it to be let into. */
export async function joinConversation(c: Client, ref: { workspaceId: string; conversationId: string }) {
  const ack = (await c.emitWithAck('channel:join', ref)) as Ack<{ conversationId: string; access: string }>;
  if (!ack.ok) throw new Error(`channel:join ${ref.conversationId} refused: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

export { signUp, callerFor };

/**
 * A `message:send` from socket `c` into a conversation, and its ack. Each call sends a text of its
 * own unless given one (identical short texts have a repeat limit), with a new client id unless given one.
 */
export const sendOn = (
  c: Client,
  ref: { workspaceId: string; conversationId: string },
  body = `socket ${randomUUID()}`,
  clientMsgId = randomUUID(),
) =>
  (c.emitWithAck as unknown as (e: string, i: unknown) => Promise<Ack<{ message: { id: string } }>>)(
    'message:send',
    { ...ref, clientMsgId, body },
  );
