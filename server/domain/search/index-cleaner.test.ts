import pino from 'pino';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanPendingTokens, startPendingTokenCleaner } from './index-cleaner';
import { testRuntime } from '../../../test/runtime';

// This file's database loses the index, as a database the migrations have not reached lacks it.
beforeAll(async () => {
  await testRuntime().db.admin.$executeRawUnsafe('DROP INDEX message_tokens_idx');
});

interface LogLine {
  level: number;
  msg: string;
}

/** A real pino logger whose lines this test reads. */
function capturedLogger() {
  const lines: LogLine[] = [];
  const log = pino(
    { level: 'debug', base: undefined },
    { write: (s: string) => lines.push(JSON.parse(s) as LogLine) },
  );
  return { log, lines };
}

describe('search index cleaner without its index', () => {
  it('answers null instead of failing', async () => {
    await expect(cleanPendingTokens(testRuntime().db.admin)).resolves.toBeNull();
  });

  it('logs no error, says so once at debug level and stops trying', async () => {
    const { log, lines } = capturedLogger();
    const stop = startPendingTokenCleaner(testRuntime().db.admin, 0.01, log);
    await vi.waitFor(() => expect(lines.length).toBeGreaterThan(0), { timeout: 5_000 });
    // Another twenty rounds' worth of time: a cleaner that kept trying would log again.
    await new Promise((r) => setTimeout(r, 200));
    await stop();
    expect(lines.filter((l) => l.level >= pino.levels.values.warn!)).toEqual([]);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [pino.levels.values.debug, 'search index absent: its pending list is not merged in the background'],
    ]);
  });
});
