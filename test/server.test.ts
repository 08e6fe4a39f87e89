import { describe, expect, it } from 'vitest';
import { useTestServer } from './server';

describe('useTestServer()', () => {
  const app = useTestServer();
  // Read while the file is collected, before beforeAll has started anything.
  let early: unknown;
  try {
    early = app.url;
  } catch (e) {
    early = e;
  }

  it('says so when read before the server started, and serves the real app once it has', async () => {
    expect(early).toBeInstanceOf(Error);
    expect((early as Error).message).toMatch(/the server starts in beforeAll/);
    const res = await fetch(`${app.url}/api/health`);
    expect(res.status).toBe(200);
    expect(app.realtime.io.engine).toBeDefined();
  });
});
