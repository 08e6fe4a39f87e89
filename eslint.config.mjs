import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The layers (CONVENTIONS.md, "Layers"): app/ → components/ → (types only) server/ and shared/;
// inside server/, routers and socket handlers → gates → domain → db, with lib/ and env.ts below
// everything. A zone says who may NOT import what; a wrong import fails `npm run lint`.
const server = (...dirs) => dirs.map((d) => `./server/${d}/**`);
const above = ['trpc', 'http', 'auth', 'realtime', 'gate', 'runtime', 'jobs'];
const zones = [
  {
    target: './server/domain/**',
    from: server(...above),
    message:
      'The domain is called, it does not call up: take what it needs from ctx.deps (server/domain/deps.ts).',
  },
  {
    target: './server/db/**',
    from: server('domain', ...above),
    message: 'server/db is the bottom layer: it knows nothing of the domain or the transports.',
  },
  {
    target: './server/lib/**',
    from: server('db', 'domain', ...above),
    message: 'server/lib holds no business rules and depends on nothing of the app.',
  },
  {
    target: ['./server/gate/**', './server/auth/**'],
    from: server('trpc', 'http', 'realtime', 'jobs', 'runtime'),
    message: 'Gates and auth sit below the transports that call them.',
  },
  {
    target: './server/realtime/**',
    from: server('trpc', 'http', 'jobs'),
    message: 'The realtime layer does not depend on the HTTP API.',
  },
  {
    target: './server/trpc/**',
    from: server('http', 'realtime', 'jobs'),
    message: 'Routers do not depend on the HTTP adapters, sockets or jobs.',
  },
  {
    target: './shared/**',
    from: ['./server/**', './components/**', './app/**'],
    message: 'shared/ is pure rules for both sides: TypeScript and zod only.',
  },
  {
    target: './components/**',
    from: './app/**',
    message: 'app/ holds routing only; components never import it.',
  },
  {
    target: ['./app/**', './components/**', './server/**', './shared/**', './prisma/**'],
    from: './fixtures/**',
    message: 'fixtures/ is data for tests and benchmarks, never for the product.',
  },
  {
    // The product's files only: the block that applies these zones leaves tests out.
    target: ['./app/**', './components/**', './server/**', './shared/**', './prisma/**'],
    from: './test/**',
    message: 'test/ is test set-up and helpers: product code never imports it.',
  },
];

// Only the gates turn an id into a WorkspaceId or open a tenant transaction (CONVENTIONS.md).
const gateOnly = {
  group: ['**/db/tenant'],
  importNames: ['mintWorkspaceId', 'withTenant', 'withMember'],
  message:
    'Only the gates (server/gate, the socket gate, seeds) mint a WorkspaceId or open a tenant transaction.',
};
const gateFiles = [
  'server/gate/**',
  'server/db/**',
  'server/realtime/socket-scope.ts',
  'prisma/**',
  'bench/**',
  'test/**',
  '**/*.test.ts',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.data/**',
      'server/db/generated/**',
      'next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
      'scripts/**',
      'public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through server/env.ts.' },
      ],
      // Runtime cycles; type-only ones are found by server/layers.test.ts (this rule skips them).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The layers bind the product's code; tests reach across them on purpose.
    ignores: ['**/*.test.ts', 'test/**', 'e2e/**', 'bench/**'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'no-restricted-imports': ['error', { patterns: [gateOnly] }],
    },
  },
  {
    files: gateFiles,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // `useTestServer()` registers vitest hooks; these files render no React, so its name means nothing to React.
    files: ['**/*.test.ts', 'test/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // The one place allowed to read process.env, plus test set-up that writes it.
    files: ['server/env.ts', 'test/**', 'e2e/**', 'playwright.config.ts', 'vitest.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // shared/ runs on the server and in the browser: plain TypeScript and zod, nothing of either side.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'os', 'buffer'],
              message: 'shared/ also runs in browsers.',
            },
            { group: ['react', 'react-*', 'next', 'next/*'], message: 'shared/ holds rules, not UI.' },
            { group: ['@/*', '../*'], message: 'shared/ imports nothing of the server or the client.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Buffer', 'process'],
    },
  },
  {
    // The browser's code reaches the server through tRPC and sockets: only types cross over; and
    // zod stays out of the browser bundles (the client imports the plain shared modules). One block,
    // because a later config of the same rule replaces an earlier one instead of adding to it.
    files: ['app/**', 'components/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@/shared/schemas', message: 'For the server; import the plain shared modules.' }],
          patterns: [
            {
              group: ['@/server/**', '**/server/**'],
              allowTypeImports: true,
              message:
                'The browser may import only types from server/ (import type …); rules both need go in shared/.',
            },
            {
              group: ['zod', 'zod/*'],
              message: 'zod stays out of the browser bundles.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
