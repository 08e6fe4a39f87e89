import { expect, test } from '@playwright/test';

test('pages carry a Content-Security-Policy and still run; a script from another origin is refused', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto('/sign-in');
  const policy = res?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("script-src 'self'");
  // The app itself works under the policy (hydrated: the form reacts) and breaks none of it.
  await page.getByLabel('Email').fill('nobody@example.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(violations).toEqual([]);
  // A script from another origin is blocked by the policy.
  const blocked = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const s = document.createElement('script');
        s.src = 'https://evil.example/x.js';
        document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
        s.onload = () => resolve(false);
        document.body.appendChild(s);
        setTimeout(() => resolve(false), 3000);
      }),
  );
  expect(blocked).toBe(true);
});
