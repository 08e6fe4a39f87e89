import { defineConfig } from 'vitest/config';

// Tests that need neither a database nor the runtime: they run without the embedded PostgreSQL
// (`npm run test:fast`). Any other test file is an integration test.
const unit = [
  'bench/**/*.test.ts',
  'components/**/*.test.ts',
  'shared/**/*.test.ts',
  'server/env.test.ts',
  'server/layers.test.ts',
  'server/db/exit-code.test.ts',
  'server/domain/attachment/pdf-preview.test.ts',
  'server/domain/moderation/score.test.ts',
  'server/domain/notification/push-payload.test.ts',
  'server/domain/policy/pattern-check.test.ts',
  'server/domain/widget/token.test.ts',
  'server/domain/workspace/settings.test.ts',
  'server/http/auth-redirects.test.ts',
  'server/http/embed.test.ts',
  'server/http/page-path.test.ts',
  'server/lib/crypto/crypto.test.ts',
  'server/lib/crypto/file-cipher.test.ts',
  'server/lib/rate-limit.test.ts',
  'server/lib/send-rate.test.ts',
  'server/trpc/endpoint.test.ts',
  'test/no-database.test.ts',
];
const everything = [
  'bench/**/*.test.ts',
  'server/**/*.test.ts',
  'prisma/**/*.test.ts',
  'components/**/*.test.ts',
  'shared/**/*.test.ts',
];
// Load tests: they need the machine to themselves (a storm of 5,000 sockets saturates both cores),
// so they run after the others, alone (`npm run test:load`).
const load = ['server/runtime/cluster/storm.test.ts'];
// Nothing listens on this port: whatever reaches for a database in a unit test is refused at once.
const noDatabase = 'postgresql://unit-tests-have-no-database@127.0.0.1:1/none';

export default defineConfig({
  // `@/…` as in tsconfig.json: the browser code under test imports shared/ that way.
  resolve: { tsconfigPaths: true },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: unit,
          env: {
            NODE_ENV: 'test',
            LOG_LEVEL: 'silent',
            DATABASE_URL: noDatabase,
            DATABASE_ADMIN_URL: noDatabase,
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [...everything, 'test/**/*.test.ts'],
          exclude: [...unit, ...load],
          // One embedded PostgreSQL per run; each file gets its own database and runtime.
          globalSetup: ['test/setup/global.ts'],
          setupFiles: ['test/setup/db.ts'],
          env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
        },
      },
      {
        extends: true,
        test: {
          name: 'load',
          include: load,
          globalSetup: ['test/setup/global.ts'],
          setupFiles: ['test/setup/db.ts'],
          env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
        },
      },
    ],
  },
});
