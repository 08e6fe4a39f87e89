import { adminDb } from '../../db';
import { logFailure } from '../../lib/logger';

/**
 * The search index (`message_tokens_idx`, GIN) takes new tokens into a pending list and merges the
 * list into the index when it passes 4 MB; the insert that passes it does the merge while its
 * transaction waits, which stalled a send for 50 to 70 ms about every 30 s at 100 messages/s
 * (bench/README.md, runs 9 to 11). Merging small lists often, in the background, keeps that work
 * off the send path; an insert that finds a merge running does not wait for it.
 * Owner role: only the index's owner may clean it. Returns the pending pages merged.
 */
export async function cleanPendingTokens(): Promise<number> {
  const [r] = await adminDb().$queryRaw<{ pages: bigint }[]>`
    SELECT gin_clean_pending_list('message_tokens_idx'::regclass) AS pages`;
  return Number(r?.pages ?? 0);
}

/** Runs cleanPendingTokens every `seconds` (one at a time); returns a stop that awaits the last run. */
export function startPendingTokenCleaner(seconds: number): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = cleanPendingTokens()
      .then(() => undefined)
      .catch((err: unknown) => logFailure(err, 'search index cleanup failed'))
      .finally(() => (busy = false));
  }, seconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
