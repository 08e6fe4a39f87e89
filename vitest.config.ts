import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `@/…` as in tsconfig.json: the browser code under test imports shared/ that way.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['server/**/*.test.ts', 'prisma/**/*.test.ts', 'components/**/*.test.ts', 'shared/**/*.test.ts'],
    globalSetup: ['test/setup/global.ts'],
    setupFiles: ['test/setup/db.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});
