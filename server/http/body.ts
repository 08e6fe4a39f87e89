import type { IncomingMessage } from 'node:http';
import { AppError } from '../lib/errors';

const tooLarge = (limit: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than ${Math.floor(limit / 1024)} KiB`);

/**
 * Reads a JSON request body of at most `limit` bytes: PAYLOAD_TOO_LARGE beyond it, VALIDATION when it
 * is not JSON, undefined when empty. An oversized body is drained, not kept, so the 413 still reaches
 * the client.
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (Number(req.headers['content-length']) > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd);
      req.resume();
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new AppError('VALIDATION', 'The request body is not valid JSON'));
      }
    };
    req.on('data', onData).on('end', onEnd).once('error', reject);
  });
}

/** True for requests whose JSON body trpc-to-openapi would read. */
export const hasJsonBody = (req: IncomingMessage) =>
  ['POST', 'PUT', 'PATCH'].includes(req.method ?? '') &&
  (req.headers['content-type'] ?? '').startsWith('application/json');
