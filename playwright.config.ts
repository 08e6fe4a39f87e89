import { defineConfig } from '@playwright/test';

// Overridable so that two checkouts on one machine can run their browser tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const PG_PORT = process.env.E2E_PG_PORT ?? '5499';
const baseURL = `http://localhost:${PORT}`;

// Playwright cannot download browsers here: Debian's Chromium is used instead (see .ci/run).
export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // Starts the real app (builds Next when the sources changed) on a fresh embedded database.
    command: 'node e2e/start-server.mjs',
    url: `${baseURL}/api/ready`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(PORT),
      // One per port: runs side by side (on other ports) each keep their own database.
      DATA_DIR: `.test-data/e2e-${PORT}`,
      EMBEDDED_PG_PORT: PG_PORT,
      SEED_DEMO: 'false',
      APP_URL: baseURL,
      NEXT_TELEMETRY_DISABLED: '1',
      // Every spec's people sign up and then sign in, all from 127.0.0.1, one spec after another:
      // room for that. The per-IP auth limit itself is tested in server/http/limits.test.ts.
      RATE_LIMIT_AUTH_POINTS: '200',
      // Every spec's people are minutes old and click faster than people do; the smaller budget of
      // new accounts is tested in server/trpc/rate-limits.test.ts.
      RATE_LIMIT_NEW_ACCOUNT_PERCENT: '100',
      // Specs fill channels faster than a person types; the limit is tested in send-rate.test.ts.
      POLICY_SEND_LIMITS: 'false',
    },
  },
});
