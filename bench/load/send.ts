// Load generator for `send throughput` (its own process): one socket.io client per sender, each in a
// closed loop (emit `message:send`, wait for the ack, which comes after the commit, send the next).
import { call, connectAll } from './client';
import { childMain, measureWindow, quantile } from '../lib';
import { messageWords, rng } from '../words';

export interface SendParams {
  url: string;
  workspaceId: string;
  conversationId: string;
  /** One session token per sender. */
  tokens: string[];
  /** Per sender, where it writes, when not all to `workspaceId`/`conversationId` (many tenants). */
  targets?: { workspaceId: string; conversationId: string }[];
  warmupMs: number;
  windowMs: number;
}

export interface SendResult {
  /** Acks with ok: true that arrived inside the window. */
  acked: number;
  seconds: number;
  /** Share of one core this process used during the window. */
  cpu: number;
  ackP50: number;
  ackP99: number;
  errors: Record<string, number>;
}

async function main(p: SendParams): Promise<SendResult> {
  const sockets = await connectAll(p.url, p.tokens);
  const run = Math.random().toString(36).slice(2, 8);
  const t0 = performance.now();
  const from = t0 + p.warmupMs;
  const until = from + p.windowMs;
  let acked = 0;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const cpuInWindow = measureWindow(p.warmupMs, p.windowMs);

  await Promise.all(
    sockets.map(async (s, i) => {
      const words = rng(1000 + i);
      for (let n = 0; performance.now() < until; n++) {
        // Unique bodies: the workspace refuses the same text twice within its duplicate window.
        const body = `${messageWords(words).join(' ')} m${i}x${n}`;
        const sent = performance.now();
        const ack = await call(s, 'message:send', {
          ...(p.targets?.[i] ?? { workspaceId: p.workspaceId, conversationId: p.conversationId }),
          clientMsgId: `${run}-${i}-${n}`,
          body,
        });
        const at = performance.now();
        if (!ack.ok) errors[ack.error.code] = (errors[ack.error.code] ?? 0) + 1;
        else if (at >= from && at < until) {
          acked++;
          latencies.push(at - sent);
        }
      }
    }),
  );
  const cpu = await cpuInWindow;
  for (const s of sockets) s.close();
  return {
    acked,
    seconds: p.windowMs / 1000,
    cpu,
    ackP50: quantile(latencies, 0.5),
    ackP99: quantile(latencies, 0.99),
    errors,
  };
}

await childMain(main);
