import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createInterface } from 'node:readline';
import { toLine, parseLine, type CheckpointCopy } from './copy';

const WRITE_TIMEOUT_MS = 10_000;
// A read runs inside verify's transaction (20 s at most), so it gets less than that.
const READ_TIMEOUT_MS = 15_000;

/**
 * The checkpoints kept by an HTTP service (another machine, another administrator): each
 * checkpoint is POSTed as one JSON object and must be stored before the service answers 2xx; a GET
 * with `?workspaceId=…` answers that workspace's checkpoints as NDJSON, in the order received.
 * Credentials in the URL (`https://user:password@host/…`) are sent as HTTP Basic authentication.
 */
export function urlCopy(configured: string): CheckpointCopy {
  const url = new URL(configured);
  const auth: Record<string, string> = {};
  if (url.username || url.password) {
    const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    auth.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    // fetch refuses URLs with credentials, and they must not reach a log or the database.
    url.username = '';
    url.password = '';
  }
  const target = url.toString();
  const refused = (what: string, status: number) =>
    new Error(`the checkpoint copy at ${url.origin} answered HTTP ${status} to a ${what}`);

  return {
    kind: 'url',
    id: `url:${url.origin}${url.pathname}`,

    async append(_workspaceId, records) {
      // One at a time, oldest first. After a failure the caller sends the batch again: the lines
      // stored before it repeat, which verify accepts.
      for (const r of records) {
        const res = await fetch(target, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: toLine(r),
          signal: AbortSignal.timeout(WRITE_TIMEOUT_MS),
        });
        await res.body?.cancel();
        if (!res.ok) throw refused('write', res.status);
      }
    },

    async *read(workspaceId) {
      const u = new URL(target);
      u.searchParams.set('workspaceId', workspaceId);
      const res = await fetch(u, {
        headers: { ...auth, accept: 'application/x-ndjson' },
        signal: AbortSignal.timeout(READ_TIMEOUT_MS),
      });
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw refused('read', res.status);
      }
      const input = Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>);
      const lines = createInterface({ input, crlfDelay: Infinity });
      try {
        for await (const line of lines) if (line.trim()) yield parseLine(line);
      } finally {
        lines.close();
        input.destroy();
      }
    },
  };
}
