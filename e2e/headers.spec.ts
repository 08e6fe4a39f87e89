import { expect, test, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { HOST_ORIGIN, hostPageUrl, startHostPages, type HostPages } from './host-page';
import { api, person, run, type Ws } from './support';

// Every page's Content-Security-Policy carries a nonce of its own response: Next's inline scripts
// carry it and run, any other inline script does not. Violations are collected in every frame
// from the moment each document is created, and from the console.

interface CspWindow {
  __csp: string[];
  __ran?: boolean;
}

async function watchCsp(ctx: BrowserContext) {
  await ctx.addInitScript(() => {
    const w = window as unknown as CspWindow;
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}
const violationsIn = (frame: Frame | Page) => frame.evaluate(() => (window as unknown as CspWindow).__csp);
function consoleViolations(page: Page) {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

/** The response's policy and its nonce; script-src allows no inline script but by that nonce. */
function policyOf(res: { headers(): Record<string, string> } | null) {
  const policy = res?.headers()['content-security-policy'] ?? '';
  const scriptSrc = policy.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1] ?? '';
  // 128 bits, base64.
  expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  expect(policy).toContain("object-src 'none'");
  return { policy, nonce };
}

/** Next's own inline scripts carry the response's nonce (and there are some). */
async function expectScriptsCarry(frame: Frame | Page, nonce: string) {
  const inline = await frame.evaluate(() => [...document.scripts].filter((s) => !s.src).map((s) => s.nonce));
  expect(inline.length).toBeGreaterThan(0);
  expect(new Set(inline)).toEqual(new Set([nonce]));
}

/** An inline script without the nonce, as an injection would add it: it does not run. */
async function expectInjectedScriptBlocked(frame: Frame | Page) {
  const ran = await frame.evaluate(async () => {
    const w = window as unknown as CspWindow;
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    const reported = new Promise((r) =>
      document.addEventListener('securitypolicyviolation', r, { once: true }),
    );
    document.body.appendChild(s);
    await reported;
    return w.__ran === true;
  });
  expect(ran).toBe(false);
  expect(await violationsIn(frame)).toEqual([expect.stringMatching(/^script-src(-elem)? inline$/)]);
}

test('the sign-in page: a fresh nonce per response, the app hydrates, injected scripts are refused', async ({
  context,
  page,
}) => {
  await watchCsp(context);
  const fromConsole = consoleViolations(page);
  const first = policyOf(await page.request.get('/sign-in'));
  const res = await page.goto('/sign-in');
  const { nonce } = policyOf(res);
  expect(nonce).not.toBe(first.nonce);
  expect(res?.headers()['x-frame-options']).toBe('DENY');
  await expectScriptsCarry(page, nonce);
  // The app itself works under the policy (hydrated: the form reacts) and breaks none of it.
  await page.getByLabel('Email').fill('nobody@example.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Next.js keeps its own role="alert" route announcer on the page, so name the form's.
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
  expect(await violationsIn(page)).toEqual([]);
  expect(fromConsole).toEqual([]);

  await expectInjectedScriptBlocked(page);
  // A script from another origin is blocked by the policy too.
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

test('a web-app page of a signed-in person: nonce, no violations while chatting, never stored', async ({
  browser,
}) => {
  const me = await person(browser, 'Nonce Nia');
  await watchCsp(me.ctx);
  const fromConsole = consoleViolations(me.page);
  const ws = await api<Ws>(me.page, 'workspace.create', { name: `Nonce ${run}` });
  const res = await me.page.goto(`/w/${ws.slug}`);
  const { nonce } = policyOf(res);
  // The page answers this person alone: neither the browser nor a cache in between may keep it.
  expect(res?.headers()['cache-control']).toBe('private, no-store');
  await expectScriptsCarry(me.page, nonce);

  const composer = me.page.getByLabel('Message #general', { exact: true });
  await composer.fill(`hello under a strict policy ${run}`);
  await composer.press('Enter');
  await expect(
    me.page
      .getByRole('feed', { name: 'Messages in #general' })
      .getByText(`hello under a strict policy ${run}`),
  ).toBeVisible();
  expect(await violationsIn(me.page)).toEqual([]);
  expect(fromConsole).toEqual([]);
  await expectInjectedScriptBlocked(me.page);

  // Next's content-hashed assets are the same for everyone and keep their long-lived caching.
  const asset = await me.page.evaluate(() => [...document.scripts].find((s) => s.src)?.src ?? '');
  expect(new URL(asset).pathname).toMatch(/^\/_next\/static\//);
  expect((await me.page.request.get(asset)).headers()['cache-control']).toContain('immutable');
  await me.ctx.close();
});

test('the widget page framed by its host: its own nonce, no violations, injected scripts refused', async ({
  browser,
}) => {
  const hosts: HostPages = await startHostPages();
  const staff = await person(browser, 'Nonce Staff');
  try {
    const ws = await api<Ws>(staff.page, 'workspace.create', { name: `Nonce widget ${run}` });
    await api(staff.page, 'widget.update', {
      workspaceId: ws.id,
      enabled: true,
      anonymous: true,
      allowedOrigins: [HOST_ORIGIN],
      appearance: { title: 'Nonce help', greeting: 'Ask us anything.', color: '#0f766e' },
    });
    const ctx = await browser.newContext();
    await watchCsp(ctx);
    const page = await ctx.newPage();
    const fromConsole = consoleViolations(page);
    const widgetResponse = page.waitForResponse((r) => new URL(r.url()).pathname === '/widget');
    await page.goto(hostPageUrl(HOST_ORIGIN, { ws: ws.slug }));
    const { policy, nonce } = policyOf(await widgetResponse);
    expect(policy).toContain(`frame-ancestors ${HOST_ORIGIN}`);

    await page.locator('[data-enclave-widget]').getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await expect(chat.getByRole('heading', { level: 1, name: 'Nonce help' })).toBeVisible();
    await expect(chat.getByText('Ask us anything.')).toBeVisible();
    const frame = page.frames().find((f) => new URL(f.url()).pathname === '/widget');
    if (!frame) throw new Error('no widget frame');
    await expectScriptsCarry(frame, nonce);
    expect(await violationsIn(frame)).toEqual([]);
    expect(fromConsole).toEqual([]);
    await expectInjectedScriptBlocked(frame);
    await ctx.close();
  } finally {
    await staff.ctx.close();
    await hosts.close();
  }
});
