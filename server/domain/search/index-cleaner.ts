import type { Db } from '../../db/client';
import { isDatabaseUnavailable } from '../../lib/errors';
import { logger, type Logger } from '../../lib/logger';

/**
 * The search index (`message_tokens_idx`, GIN) takes new tokens into a pending list and merges the
 * list into the index when it passes 4 MB; the insert that passes it does the merge while its
 * transaction waits, which stalled a send for 50 to 70 ms about every 30 s at 100 messages/s
 * (bench/README.md, runs 9 to 11). Merging small lists often, in the background, keeps that work
 * off the send path; an insert that finds a merge running does not wait for it.
 * Owner role: only the index's owner may clean it. Returns the pending pages merged, or null when
 * the index does not exist (a database the migrations have not reached): to_regclass answers NULL
 * where a ::regclass cast would fail.
 */
export async function cleanPendingTokens(admin: Db): Promise<number | null> {
  const rows = await admin.$queryRaw<{ pages: bigint }[]>`
    SELECT gin_clean_pending_list(i) AS pages
    FROM to_regclass('message_tokens_idx') AS i
    WHERE i IS NOT NULL`;
  const [r] = rows;
  return r ? Number(r.pages) : null;
}

type CleanerLog = Pick<Logger, 'debug' | 'warn' | 'error'>;

/**
 * Runs cleanPendingTokens every `seconds` (one at a time); returns a stop that awaits the last run.
 * Without the index it stops after saying so once at debug level: the index comes with a migration,
 * and migrations run before the server starts, so retrying would only repeat the same answer.
 */
export function startPendingTokenCleaner(
  admin: Db,
  seconds: number,
  log: CleanerLog = logger,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    running = cleanPendingTokens(admin)
      .then((pages) => {
        if (pages !== null) return;
        stop();
        log.debug('search index absent: its pending list is not merged in the background');
      })
      .catch((err: unknown) =>
        // A database outage is a warning (it recovers); anything else is a bug.
        log[isDatabaseUnavailable(err) ? 'warn' : 'error']({ err }, 'search index cleanup failed'),
      )
      .finally(() => (busy = false));
  }, seconds * 1000);
  timer.unref();
  return async () => {
    stop();
    await running;
  };
}
