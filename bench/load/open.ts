// Load generator for `send, open loop` (its own process): one socket.io client per person, each in the
// rooms of its conversations; sends arrive on schedule (bench/arrivals.ts) whatever the acks do, and
// every client counts what it receives, rate after rate until one fails.
import type { Socket } from 'socket.io-client';
import { arrivals, goOn, type StepOutcome } from '../arrivals';
import { call, connectAll } from './client';
import { childMain, measureWindow, quantile } from '../lib';
import { messageWords, rng } from '../words';

export interface OpenParams {
  url: string;
  workspaceId: string;
  /** One session token per person. */
  tokens: string[];
  /** Each conversation and its members (indexes into tokens), all joined. */
  conversations: { id: string; members: number[] }[];
  rates: number[];
  warmupMs: number;
  windowMs: number;
  /** How long acks and deliveries may take after the last arrival. */
  drainMs: number;
  seed: number;
}

export type OpenResult = { steps: StepOutcome[] };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function step(p: OpenParams, sockets: Socket[], rate: number, run: string): Promise<StepOutcome> {
  const plan = arrivals(
    rate,
    p.warmupMs + p.windowMs,
    p.conversations.map((c) => c.members.length),
    p.seed + rate,
  );
  // clientMsgId → deliveries still expected (measured messages only).
  const waiting = new Map<string, number>();
  const onNew = (m: { clientMsgId: string }) => {
    const left = waiting.get(m.clientMsgId);
    if (left !== undefined) waiting.set(m.clientMsgId, left - 1);
  };
  for (const s of sockets) s.on('message:new', onNew);
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let offered = 0;
  const acked = new Set<string>();
  const words = rng(p.seed + rate);
  const cpu = measureWindow(p.warmupMs, p.windowMs);
  const t0 = performance.now();
  for (const [n, a] of plan.entries()) {
    const due = t0 + a.at;
    if (due > performance.now() + 1) await sleep(due - performance.now());
    const c = p.conversations[a.conversation];
    const socket = sockets[c?.members[a.member] ?? -1];
    if (!c || !socket) throw new Error('arrival outside the conversations');
    const measured = a.at >= p.warmupMs;
    const clientMsgId = `${run}-${rate}-${n}`;
    if (measured) {
      offered++;
      waiting.set(clientMsgId, c.members.length);
    }
    const payload = {
      workspaceId: p.workspaceId,
      conversationId: c.id,
      clientMsgId,
      // Unique bodies: the workspace refuses the same text twice within its duplicate window.
      body: `${messageWords(words).join(' ')} o${n}`,
    };
    void call(socket, 'message:send', payload).then((ack) => {
      if (!ack.ok) errors[ack.error.code] = (errors[ack.error.code] ?? 0) + 1;
      else if (measured) {
        acked.add(clientMsgId);
        latencies.push(performance.now() - due);
      }
    });
  }
  const share = await cpu;
  await sleep(t0 + p.warmupMs + p.windowMs + p.drainMs - performance.now());
  for (const s of sockets) s.off('message:new', onNew);
  // Only acknowledged messages are owed to their receivers.
  let undelivered = 0;
  for (const id of acked) undelivered += Math.max(0, waiting.get(id) ?? 0);
  return {
    rate,
    offered,
    acked: acked.size,
    lost: offered - acked.size,
    undelivered,
    ackP50: quantile(latencies, 0.5),
    ackP99: quantile(latencies, 0.99),
    cpu: share,
    errors,
  };
}

async function main(p: OpenParams): Promise<OpenResult> {
  const sockets = await connectAll(p.url, p.tokens);
  for (const c of p.conversations) {
    for (const m of c.members) {
      const s = sockets[m];
      if (!s) throw new Error(`no socket for member ${m}`);
      const ack = await call(s, 'channel:join', { workspaceId: p.workspaceId, conversationId: c.id });
      if (!ack.ok) throw new Error(`join refused: ${ack.error.code} ${ack.error.message}`);
    }
  }
  await sleep(1000); // the connect-time presence broadcasts drain
  const run = Math.random().toString(36).slice(2, 8);
  const steps: StepOutcome[] = [];
  for (const rate of p.rates) {
    const s = await step(p, sockets, rate, run);
    steps.push(s);
    if (!goOn(steps)) break;
  }
  for (const s of sockets) s.close();
  return { steps };
}

await childMain(main);
