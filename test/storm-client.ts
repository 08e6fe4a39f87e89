// A reconnect-storm generator, in a process of its own (started by server/realtime/storm.test.ts):
// opens its share of the sockets, each from one of the given loopback source addresses, drops every
// transport at once on "drop" (as a network blip or a node's death looks to clients), and reports
// when all of them are back. Input: one JSON line on stdin, then the commands "drop" and "close".
// Output: one JSON line per step on stdout.
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';

const input = z.object({
  url: z.string(),
  tokens: z.array(z.string()).min(1),
  socketsPerToken: z.number().int().min(1),
  addresses: z.array(z.string()).min(1),
  /** Whose presence counts: the people of the storm (watchers may be connected elsewhere). */
  userIds: z.array(z.string()),
});

const say = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const first = await lines.next();
  const cfg = input.parse(JSON.parse(String(first.value)));
  const storm = new Set(cfg.userIds);
  const sockets: Socket[] = [];
  let presence = 0;
  const seen: string[] = [];
  let errors = 0;
  let refused = 0;
  let n = 0;
  const t0 = Date.now();
  let dropped = t0;
  for (const token of cfg.tokens) {
    for (let k = 0; k < cfg.socketsPerToken; k++) {
      const s = io(cfg.url, {
        transports: ['websocket'],
        auth: { token },
        forceNew: true,
        // The browser client's policy: the first retry after about a second, spread out.
        reconnectionDelay: 1_000,
        reconnectionDelayMax: 5_000,
        localAddress: cfg.addresses[n++ % cfg.addresses.length],
      } as Parameters<typeof io>[1]);
      s.on('presence', (p: { userId?: string; status?: string }) => {
        if (!p.userId || !storm.has(p.userId)) return;
        presence += 1;
        if (seen.length < 20) seen.push(`${p.userId} ${p.status ?? '?'} +${Date.now() - dropped}ms`);
      });
      s.on('connect_error', (err) => {
        errors += 1;
        if (err.message !== 'timeout') refused += 1;
        if (seen.length < 20) seen.push(`connect_error ${err.message} +${Date.now() - dropped}ms`);
      });
      sockets.push(s);
    }
    // A few handshakes at a time while the crowd forms (each reads the session once).
    if (sockets.length % 50 === 0) await waitConnected(sockets, 60_000);
  }
  await waitConnected(sockets, 60_000);
  say({ step: 'connected', sockets: sockets.length, ms: Date.now() - t0, errors });

  for (;;) {
    const next = await lines.next();
    if (next.done || next.value === 'close') break;
    if (next.value !== 'drop') continue;
    presence = 0;
    seen.length = 0;
    errors = 0;
    refused = 0;
    dropped = Date.now();
    const cpu = process.cpuUsage();
    for (const s of sockets) s.io.engine.close();
    await sleep(50);
    const back = await waitConnected(sockets, 60_000);
    const used = process.cpuUsage(cpu);
    const cpuMs = Math.round((used.user + used.system) / 1000);
    say({
      step: 'reconnected',
      sockets: back,
      ms: Date.now() - dropped,
      presence,
      errors,
      refused,
      seen,
      cpuMs,
    });
  }
  for (const s of sockets) s.close();
  process.exit(0);
}

/** Waits until every socket is connected; how many are. */
async function waitConnected(sockets: Socket[], ms: number): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const up = sockets.filter((s) => s.connected).length;
    if (up === sockets.length || Date.now() > end) return up;
    await sleep(25);
  }
}

main().catch((e: unknown) => {
  say({ step: 'failed', error: String(e) });
  process.exit(1);
});
