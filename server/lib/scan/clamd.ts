// A hand-written client for clamd's protocol (PING, INSTREAM): it is a few dozen lines, and the
// usual package (`clamscan`) also drives the binaries and has had hangs on refused or silent daemons.
import net from 'node:net';
import type { Readable } from 'node:stream';

export type ClamdAddress = { socket: string } | { host: string; port: number };
export type Verdict = { kind: 'clean' } | { kind: 'infected'; signature: string };
export type ScanBody = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array> | Readable;

export interface Scanner {
  scan(body: ScanBody): Promise<Verdict>;
  /** Whether the daemon answers now; never throws. */
  ready(): Promise<boolean>;
}

/** The file could not be scanned (daemon away, silent, over a limit, or it said ERROR). */
export class ScanUnavailable extends Error {
  constructor(
    public readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`malware scan unavailable: ${reason}`, options);
    this.name = 'ScanUnavailable';
  }
}

/** INSTREAM chunks: clamd reads any size, but small ones keep memory flat on both sides. */
const CHUNK = 64 * 1024;
// Longer than clamd's own limit on one scan (MaxScanTime, 120 s by default), so that its
// verdict on a slow file arrives before we give up on it.
const SCAN_IDLE_MS = 130_000;
const PING_MS = 2_000;

/** A configured address: a unix socket path (anything with a `/`), or `host:port` / `[v6]:port`. */
export function parseClamdAddress(s: string): ClamdAddress {
  const text = s.trim();
  const unix = text.startsWith('unix:') ? text.slice('unix:'.length) : text.includes('/') ? text : null;
  if (unix) return { socket: unix };
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = Number(m?.[3]);
  const host = m?.[1] ?? m?.[2];
  if (!host || !Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`not a clamd address (a socket path or host:port): ${JSON.stringify(s)}`);
  return { host, port };
}

export const describeAddress = (a: ClamdAddress) =>
  'socket' in a ? a.socket : a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;

/** Raised by a write to a connection already gone: the socket's own error says why. */
class Disconnected extends Error {}

async function write(socket: net.Socket, buf: Uint8Array): Promise<void> {
  if (socket.destroyed) throw new Disconnected();
  if (socket.write(buf)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      socket.off('drain', onDrain).off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Disconnected());
    socket.on('drain', onDrain).on('close', onClose);
  });
}

/**
 * One command and its reply. `timeoutMs` is how long the connection may stay silent (connecting,
 * taking data, scanning). A failed write is not the answer: clamd replies, then closes, when a
 * limit is hit, so the reply decides; the body's own errors are rethrown as they are.
 */
function exchange(
  address: ClamdAddress,
  timeoutMs: number,
  send: (socket: net.Socket) => Promise<void>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket =
      'socket' in address
        ? net.createConnection({ path: address.socket })
        : net.createConnection({ host: address.host, port: address.port });
    let received = Buffer.alloc(0);
    let failure: Error | undefined;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      outcome();
    };
    socket.setTimeout(timeoutMs, () => {
      failure ??= new ScanUnavailable(`clamd at ${describeAddress(address)} was silent for ${timeoutMs} ms`);
      socket.destroy();
    });
    socket.on('error', (err) => {
      failure ??= err;
    });
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      const end = received.indexOf(0);
      if (end >= 0) settle(() => resolve(received.subarray(0, end).toString('utf8')));
    });
    socket.on('close', () => {
      const text = received.toString('utf8').trim();
      if (text) return settle(() => resolve(text));
      const why =
        failure instanceof ScanUnavailable
          ? failure
          : new ScanUnavailable(
              `clamd at ${describeAddress(address)}: ${failure ? errorText(failure) : 'closed without an answer'}`,
              { cause: failure },
            );
      settle(() => reject(why));
    });
    socket.once('connect', () => {
      send(socket).catch((err: unknown) => {
        if (err instanceof Disconnected) return;
        settle(() => reject(err instanceof Error ? err : new Error(String(err))));
      });
    });
  });
}

const errorText = (e: Error) => ('code' in e && typeof e.code === 'string' ? e.code : e.message);

/** Whether clamd answers PING; false on any failure. */
export async function ping(address: ClamdAddress, timeoutMs = PING_MS): Promise<boolean> {
  try {
    const reply = await exchange(address, timeoutMs, (s) => write(s, Buffer.from('zPING\0')));
    return reply === 'PONG';
  } catch {
    return false;
  }
}

async function sendStream(socket: net.Socket, body: ScanBody): Promise<void> {
  await write(socket, Buffer.from('zINSTREAM\0'));
  for await (const piece of body as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    for (let at = 0; at < bytes.length; at += CHUNK) {
      const part = bytes.subarray(at, at + CHUNK);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(part.length);
      socket.write(header);
      await write(socket, part);
    }
  }
  await write(socket, Buffer.alloc(4));
}

/** What clamd's INSTREAM reply means; anything but a verdict is ScanUnavailable. */
export function verdictOf(reply: string): Verdict {
  if (reply === 'stream: OK') return { kind: 'clean' };
  const found = /^stream: (.+) FOUND$/.exec(reply)?.[1];
  // AlertExceedsMax: clamd stopped short of the end (too big, too deep, too slow), so it saw part.
  if (found?.startsWith('Heuristics.Limits.Exceeded'))
    throw new ScanUnavailable(`clamd could not scan all of it (${found})`);
  if (found) return { kind: 'infected', signature: found };
  if (/size limit exceeded/i.test(reply))
    throw new ScanUnavailable('larger than clamd accepts (StreamMaxLength)');
  throw new ScanUnavailable(`clamd answered ${JSON.stringify(reply.slice(0, 200))}`);
}

/** Streams the body to clamd (INSTREAM) and returns its verdict. */
export async function scanStream(
  address: ClamdAddress,
  body: ScanBody,
  opts: { timeoutMs?: number } = {},
): Promise<Verdict> {
  const reply = await exchange(address, opts.timeoutMs ?? SCAN_IDLE_MS, (s) => sendStream(s, body));
  return verdictOf(reply);
}

export function clamdScanner(address: ClamdAddress, opts: { timeoutMs?: number } = {}): Scanner {
  return {
    scan: (body) => scanStream(address, body, opts),
    ready: () => ping(address),
  };
}
