import type { Socket } from 'socket.io-client';

/** How a refused handshake said why (`UNAUTHORIZED`, `UNAVAILABLE`, …): its data's code, else its message. */
export function refusalCode(err: Error): string {
  const data = (err as Error & { data?: { code?: unknown } }).data;
  return typeof data?.code === 'string' ? data.code : err.message;
}

const refusalWaitMs = (err: Error): number => {
  const data = (err as Error & { data?: { retryAfterSeconds?: unknown } }).data;
  const s = data?.retryAfterSeconds;
  return typeof s === 'number' && s > 0 && s <= 3600 ? s * 1000 : 0;
};

export interface RetryOptions {
  /** The session is gone (UNAUTHORIZED): nothing will be tried again. */
  onGiveUp: (code: string) => void;
  /** First wait; it doubles per refusal up to maxMs, with jitter so that clients spread out. */
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

/** The wait before the next attempt after `attempt` refusals in a row (0-based). */
export function backoffMs(attempt: number, opts: Pick<RetryOptions, 'baseMs' | 'maxMs' | 'random'> = {}) {
  const base = opts.baseMs ?? 1000;
  const max = opts.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling * (0.5 + (opts.random ?? Math.random)() / 2));
}

/**
 * Socket.IO retries lost transports by itself, but a refusal by the server's handshake (the
 * database restarting, a rate limit, a server shutting down) leaves the socket inactive for good.
 * This tries again after a backoff (at least the refusal's retryAfterSeconds), however often it
 * takes, unless the refusal is UNAUTHORIZED: then a new session is needed, not another attempt.
 * `cancel()` drops a pending attempt (the browser went offline); `stop()` also stops listening.
 */
export function retryRefusedHandshakes(
  socket: Socket,
  opts: RetryOptions,
): { cancel: () => void; stop: () => void } {
  let refusals = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onError = (err: Error) => {
    if (socket.active) return; // a transport error: Socket.IO's own reconnection has it
    const code = refusalCode(err);
    if (code === 'UNAUTHORIZED') return opts.onGiveUp(code);
    const wait = Math.max(refusalWaitMs(err), backoffMs(refusals++, opts));
    timer ??= setTimeout(() => {
      timer = null;
      socket.connect();
    }, wait);
  };
  const onConnect = () => {
    refusals = 0;
  };
  socket.on('connect_error', onError);
  socket.on('connect', onConnect);
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    cancel,
    stop: () => {
      cancel();
      socket.off('connect_error', onError);
      socket.off('connect', onConnect);
    },
  };
}
