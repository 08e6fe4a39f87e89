// Load generator for `fanout p50/p99` (its own process): RECEIVERS clients subscribed to one room and
// one sender at a fixed rate. Send and receive times come from this process's clock, so each
// delivery's latency needs no clock sync.
import type { Socket } from 'socket.io-client';
import { call, connect, connectAll } from './client';
import { childMain, measureWindow, quantile } from '../lib';
import { messageWords, rng } from '../words';
import { plainMessage } from '../../fixtures/message';

export interface FanoutParams {
  url: string;
  /** Where the sender connects, when not to `url` (another node of the same deployment). */
  senderUrl?: string;
  /** Where the receivers connect, dealt out in turn, when not all to `url` (nodes of one deployment). */
  receiverUrls?: string[];
  /** app: the real `message:send` / `channel:join`; bare: the bench's plain Socket.IO server. */
  mode: 'app' | 'bare';
  workspaceId: string;
  conversationId: string;
  senderToken?: string;
  /** One per receiver (undefined for the bare server, which has no authentication). */
  receiverTokens: (string | undefined)[];
  perSecond: number;
  warmupMs: number;
  windowMs: number;
}

export interface FanoutResult {
  p50: number;
  p99: number;
  max: number;
  /** Deliveries measured and deliveries expected (measured messages × receivers). */
  deliveries: number;
  expected: number;
  cpu: number;
  /** Send to ack: for the app, the commit; the rest of a delivery's latency is the broadcast. */
  ackP50: number;
  sendErrors: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A message:new payload of the app's shape, for the bare server to broadcast as it is. */
function barePayload(p: FanoutParams, n: number, clientMsgId: string, body: string) {
  const message = plainMessage({
    id: crypto.randomUUID(),
    conversationId: p.conversationId,
    seq: n + 1,
    clientMsgId,
    authorId: 'bench-sender-0000000000000000',
    body,
    createdAt: new Date().toISOString(),
  });
  return { workspaceId: p.workspaceId, ...message };
}

async function main(p: FanoutParams): Promise<FanoutResult> {
  const receivers = await connectAll(p.receiverUrls ?? p.url, p.receiverTokens);
  const ref = { workspaceId: p.workspaceId, conversationId: p.conversationId };
  for (const r of receivers) {
    const ack = await call(r, p.mode === 'app' ? 'channel:join' : 'join', ref);
    if (!ack.ok) throw new Error(`join refused: ${ack.error.code} ${ack.error.message}`);
  }
  const sender: Socket = await connect(p.senderUrl ?? p.url, p.senderToken);
  await sleep(1000); // let the connect-time presence broadcasts drain

  const total = Math.round(((p.warmupMs + p.windowMs) / 1000) * p.perSecond);
  const firstMeasured = Math.round((p.warmupMs / 1000) * p.perSecond);
  const sentAt = new Map<string, { at: number; measured: boolean }>();
  const latencies = new Float64Array((total - firstMeasured) * receivers.length);
  let deliveries = 0;
  for (const r of receivers) {
    r.on('message:new', (m: { clientMsgId: string }) => {
      const now = performance.now();
      const s = sentAt.get(m.clientMsgId);
      if (s?.measured && deliveries < latencies.length) latencies[deliveries++] = now - s.at;
    });
  }

  const run = Math.random().toString(36).slice(2, 8);
  const words = rng(99);
  const sendErrors: Record<string, number> = {};
  const acks: number[] = [];
  const cpu = measureWindow(p.warmupMs, p.windowMs);
  const t0 = performance.now();
  for (let n = 0; n < total; n++) {
    // Open loop at a steady rate: each send has its slot, whatever the acks do.
    await sleep(t0 + (n * 1000) / p.perSecond - performance.now());
    const clientMsgId = `${run}-fan-${n}`;
    const body = `${messageWords(words).join(' ')} f${n}`;
    const at = performance.now();
    sentAt.set(clientMsgId, { at, measured: n >= firstMeasured });
    const payload =
      p.mode === 'app'
        ? { workspaceId: p.workspaceId, conversationId: p.conversationId, clientMsgId, body }
        : barePayload(p, n, clientMsgId, body);
    void call(sender, p.mode === 'app' ? 'message:send' : 'send', payload).then((ack) => {
      if (!ack.ok) sendErrors[ack.error.code] = (sendErrors[ack.error.code] ?? 0) + 1;
      else if (n >= firstMeasured) acks.push(performance.now() - at);
    });
  }
  const cpuShare = await cpu;
  await sleep(2000); // stragglers
  const got = latencies.subarray(0, deliveries);
  return {
    p50: quantile(got, 0.5),
    p99: quantile(got, 0.99),
    max: quantile(got, 1),
    deliveries,
    expected: latencies.length,
    cpu: cpuShare,
    ackP50: quantile(acks, 0.5),
    sendErrors,
  };
}

await childMain(main);
