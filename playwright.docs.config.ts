import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `npm run docs:screenshots`: the same app and browser as the end-to-end tests, but the "tests" in
// docs/shots only stage a workspace and save screenshots into docs/screenshots. Not part of npm test.
export default defineConfig({ ...base, testDir: 'docs/shots', reporter: 'list' });
