import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

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
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through server/env.ts.' },
      ],
    },
  },
  {
    // The one place allowed to read process.env, plus test set-up that writes it.
    files: ['server/env.ts', 'server/test-utils/**', 'e2e/**', 'playwright.config.ts', 'vitest.config.ts'],
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
    // zod stays out of the browser bundles: the client imports the plain shared modules.
    files: ['app/**', 'components/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@/shared/schemas', message: 'For the server; import the plain shared modules.' }],
          patterns: [
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
