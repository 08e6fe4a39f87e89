import { expect, test } from '@playwright/test';
import { BASE, uniq } from './support';

// `?next=` after signing in: whatever it says, the person lands on this origin.

test.describe('the sign-in redirect stays on this origin', () => {
  const password = `pw-${uniq('pw')}-long-enough`;
  const email = `${uniq('next')}@example.test`;

  test.beforeAll(async ({ request }) => {
    const res = await request.post('/api/auth/sign-up/email', {
      data: { name: 'Next Tester', email, password },
      headers: { origin: BASE },
    });
    expect(res.ok(), await res.text()).toBeTruthy();
  });

  // What the URL parser drops (TAB, LF, CR) or turns into a slash (backslash) would make
  // `/<x>/evil.example/` the scheme-relative `//evil.example/`.
  const hostile = ['/%09/evil.example/', '/%0A/evil.example/', '/%0D/evil.example/', '/%5C/evil.example/'];
  for (const next of [...hostile, '/workspaces?from=next']) {
    test(`?next=${next}`, async ({ browser }) => {
      const ctx = await browser.newContext();
      // Were the redirect to leave, it would land here (and the URL check below would say so).
      await ctx.route(
        (url) => url.hostname.endsWith('evil.example'),
        (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<h1>evil</h1>' }),
      );
      const page = await ctx.newPage();
      await page.goto(`/sign-in?next=${next}`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const expected = hostile.includes(next) ? '/workspaces' : next;
      await expect(page).toHaveURL(`${BASE}${expected}`);
      await expect(page.getByRole('heading', { name: 'Your workspaces' })).toBeVisible();
      await ctx.close();
    });
  }
});
