import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  api,
  BASE,
  expectAccessible,
  person,
  run,
  signUpAndIn,
  uniq,
  workspaceWith,
  type Person,
} from './support';

// The notifications page and the account pages: profile (name, password) and signed-in devices.

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

interface Account extends Person {
  email: string;
  password: string;
}

/** person(), keeping the credentials: these tests sign in again. */
async function account(browser: Browser, name: string): Promise<Account> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const email = `${uniq('acct')}@example.test`;
  const password = `pw-${uniq('pw')}-long-enough`;
  const { id } = await signUpAndIn(page.request, { name, email, password });
  return { ctx, page, id, name, email, password };
}

async function signIn(page: Page, email: string, password: string) {
  return page.request.post('/api/auth/sign-in/email', {
    data: { email, password },
    headers: { origin: BASE },
  });
}

/** axe in light and dark, then at a phone's size; and every visible control is at least 24 px. */
async function checkEverywhere(page: Page, controls = '#content') {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page);
  }
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
  const small = await page
    .locator(`:is(${controls}) :is(a, button, input, select, textarea)`)
    .evaluateAll((els) =>
      els
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        // Visible controls only; links inside a sentence are exempt (WCAG 2.5.8, inline).
        .filter(({ el, r }) => r.width > 0 && r.height > 0 && !(el.tagName === 'A' && el.closest('p')))
        .filter(({ r }) => r.width < 24 || r.height < 24)
        .map(({ el, r }) => `${el.tagName} "${el.textContent?.trim()}" ${r.width}x${r.height}`),
    );
  expect(small).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });
  if (size) await page.setViewportSize(size);
}

// What this change added to the workspace's pages (the sidebar's other controls are not its to size).
const MINE = '.notifications, .sb-links';
const badge = (page: Page) => page.getByTestId('notification-badge');

test('notifications: a mention shows live, opens at the message, and is marked read', async ({ browser }) => {
  const ann = await person(browser, 'Ann Mentioner');
  const bob = await person(browser, 'Bob Notified');
  const ws = await workspaceWith(ann, 'Notes', bob);
  const general = (
    await api<{ id: string; isDefault: boolean }[]>(ann.page, 'channel.list', { workspaceId: ws.id }, 'query')
  ).find((c) => c.isDefault)!;
  const side = await api<{ id: string; name: string }>(ann.page, 'channel.create', {
    workspaceId: ws.id,
    name: `side-${run}`,
  });
  await api(bob.page, 'channel.join', { workspaceId: ws.id, channelId: side.id });
  const mention = (conversationId: string, text: string) =>
    api<{ message: { id: string } }>(ann.page, 'message.send', {
      workspaceId: ws.id,
      conversationId,
      clientMsgId: uniq('m'),
      body: `<@${bob.id}> ${text}`,
    });

  const b = bob.page;
  await test.step('empty at first, from the bell in the sidebar', async () => {
    await b.goto(`/w/${ws.slug}`);
    await expect(b.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
    await b.getByRole('link', { name: /^Notifications/ }).click();
    await expect(b).toHaveURL(`/w/${ws.slug}/notifications`);
    await expect(b.getByText('No notifications yet.', { exact: false })).toBeVisible();
    await expect(badge(b)).toHaveCount(0);
    await checkEverywhere(b, MINE);
  });

  const first = uniq('look-here');
  let firstId = '';
  await test.step('a mention raises the badge live and is listed, newest first', async () => {
    firstId = (await mention(general.id, first)).message.id;
    await expect(badge(b)).toHaveText(/^1\s*unread$/, { timeout: 5_000 });
    await mention(side.id, uniq('and-here'));
    await expect(badge(b)).toHaveText(/^2\s*unread$/, { timeout: 5_000 });
    const items = b.getByRole('list', { name: 'Notifications' }).getByRole('listitem');
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toContainText(`Ann Mentioner mentioned you in #side-${run}`);
    await expect(items.nth(1)).toContainText('Ann Mentioner mentioned you in #general');
    await expect(b.getByRole('button', { name: 'Mark all read' })).toBeVisible();
    await checkEverywhere(b, MINE);
  });

  await test.step('opening one goes to its message (and reading it marks it read)', async () => {
    await b
      .getByRole('listitem')
      .filter({ hasText: '#general' })
      .getByRole('link', { name: /Open the message/ })
      .click();
    await expect(b).toHaveURL(new RegExp(`/w/${ws.slug}/c/${general.id}\\?m=${firstId}`));
    const msg = b.locator(`[data-message-id="${firstId}"]`);
    await expect(msg).toBeVisible();
    await expect(msg).toContainText(first);
    await expect(badge(b)).toHaveText(/^1\s*unread$/, { timeout: 5_000 });
  });

  await test.step('mark all read clears the badge (by keyboard)', async () => {
    await b.getByRole('link', { name: /^Notifications/ }).click();
    const all = b.getByRole('button', { name: 'Mark all read' });
    await all.focus();
    await b.keyboard.press('Enter');
    await expect(badge(b)).toHaveCount(0);
    await expect(all).toHaveCount(0);
    await expect(b.getByRole('button', { name: /^Mark read/ })).toHaveCount(0);
  });

  await test.step('one item marked read on its own', async () => {
    await mention(general.id, uniq('once-more'));
    await expect(badge(b)).toHaveText(/^1\s*unread$/, { timeout: 5_000 });
    await b.getByRole('button', { name: /^Mark read/ }).click();
    await expect(badge(b)).toHaveCount(0);
  });
});

test('profile: the new name shows; a wrong current password is named at its field', async ({ browser }) => {
  const cat = await account(browser, 'Cat Original');
  const p = cat.page;
  await p.goto('/workspaces');
  await p.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Profile' }).click();
  await expect(p).toHaveURL('/account');
  await expect(p.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await checkEverywhere(p);

  await test.step('name change', async () => {
    await p.getByLabel('Name', { exact: true }).fill('  ');
    await p.getByRole('button', { name: 'Save name' }).click();
    await expect(p.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(
      /Enter the name others see you by\./,
    );
    await p.getByLabel('Name', { exact: true }).fill('Cat Renamed');
    await p.getByRole('button', { name: 'Save name' }).click();
    await expect(
      p.getByRole('status').filter({ hasText: 'Others now see you as Cat Renamed.' }),
    ).toBeVisible();
    await expect(p.locator('.site-header')).toContainText('Cat Renamed');
    await p.reload();
    await expect(p.locator('.site-header')).toContainText('Cat Renamed');
    await expect(p.getByLabel('Name', { exact: true })).toHaveValue('Cat Renamed');
  });

  await test.step('a name that a workspace’s security policy refuses is named at the field', async () => {
    const ws = await workspaceWith(cat, 'Strict');
    const policy = await api<{ version: number }>(p, 'admin.policy', { workspaceId: ws.id }, 'query');
    await api(p, 'admin.setPolicy', {
      ...policy,
      workspaceId: ws.id,
      expectedVersion: policy.version,
      blockedDomains: { domains: ['evil.example'], action: 'block' },
    });
    const name = p.getByLabel('Name', { exact: true });
    await name.fill('Cat of evil.example');
    await p.getByRole('button', { name: 'Save name' }).click();
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toHaveAccessibleDescription(
      new RegExp(
        `Not saved: the workspace “${ws.name}” does not allow a link to evil\\.example in display names\\.`,
      ),
    );
    await p.reload();
    await expect(p.getByLabel('Name', { exact: true })).toHaveValue('Cat Renamed');
  });

  const next = `new-${uniq('pw')}-long-enough`;
  await test.step('password change', async () => {
    const current = p.getByLabel('Current password');
    const fresh = p.getByLabel('New password');
    await current.fill('not-my-password');
    await fresh.fill(next);
    await p.getByRole('button', { name: 'Change password' }).click();
    await expect(current).toHaveAccessibleDescription(
      'That is not your current password. Check it and try again.',
    );
    await expect(current).toHaveAttribute('aria-invalid', 'true');
    await checkEverywhere(p);

    await current.fill(cat.password);
    await fresh.fill('short');
    await p.getByRole('button', { name: 'Change password' }).click();
    await expect(fresh).toHaveAccessibleDescription(/Use at least 8 characters for the new password\./);

    await fresh.fill(next);
    await p.getByRole('button', { name: 'Change password' }).click();
    await expect(p.getByRole('status').filter({ hasText: 'Your password was changed.' })).toBeVisible();
    await expect(current).not.toHaveAttribute('aria-invalid', 'true');
  });

  await test.step('the new password signs in, the old one no longer does', async () => {
    const other = await browser.newContext();
    const o = await other.newPage();
    expect((await signIn(o, cat.email, cat.password)).status()).toBe(401);
    expect((await signIn(o, cat.email, next)).ok()).toBe(true);
    await o.goto('/account');
    await expect(o.getByLabel('Name', { exact: true })).toHaveValue('Cat Renamed');
    await other.close();
  });
});

test('sessions: lists this device and another; signing the other out ends it at once', async ({
  browser,
}) => {
  const dee = await account(browser, 'Dee Devices');
  const laptop = await browser.newContext({ userAgent: FIREFOX_ON_WINDOWS });
  const l = await laptop.newPage();
  expect((await signIn(l, dee.email, dee.password)).ok()).toBe(true);
  const socket = l.waitForEvent('websocket', (ws) => ws.url().includes('/socket.io/'));
  await l.goto('/workspaces');
  await expect(l.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  const laptopSocket = await socket;

  const p = dee.page;
  await p.goto('/workspaces');
  await p.getByRole('link', { name: 'Signed-in devices' }).click();
  await expect(p).toHaveURL('/account/sessions');
  const items = p.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('Chrome on Linux');
  await expect(items.nth(0)).toContainText('This device');
  await expect(items.nth(0).getByRole('button')).toHaveCount(0);
  await expect(items.nth(1)).toContainText('Firefox on Windows');
  await expect(items.nth(1)).toContainText(/IP address \S+/);
  await expect(items.nth(1)).toContainText(/Signed in .+ · Last active /);
  await checkEverywhere(p);

  const closed = laptopSocket.waitForEvent('close');
  await items
    .nth(1)
    .getByRole('button', { name: /^Sign out Firefox on Windows/ })
    .click();
  await expect(items).toHaveCount(1);
  await expect(p.getByText('You are signed in on this device only.')).toBeVisible();
  await expect(p.getByRole('button', { name: 'Sign out all other sessions' })).toHaveCount(0);

  // The laptop is told at once (its socket is closed by the server), and its next page load is signed out.
  await closed;
  await expect(l.getByRole('alert').filter({ hasText: 'You were signed out' })).toBeVisible();
  await l.reload();
  await expect(l.getByRole('heading', { name: 'Sign in to continue.' })).toBeVisible();
  await expect(l.getByRole('link', { name: 'Sign in', exact: true }).first()).toHaveAttribute(
    'href',
    /\/sign-in/,
  );
  expect((await l.request.get('/api/trpc/workspace.listMine')).status()).toBe(401);

  await test.step('sign out all other sessions', async () => {
    const phone = await browser.newContext();
    const ph = await phone.newPage();
    expect((await signIn(ph, dee.email, dee.password)).ok()).toBe(true);
    expect((await ph.request.get('/api/trpc/workspace.listMine')).status()).toBe(200);
    await p.reload();
    await expect(items).toHaveCount(2);
    await p.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await expect(items).toHaveCount(1);
    expect((await ph.request.get('/api/trpc/workspace.listMine')).status()).toBe(401);
    expect((await p.request.get('/api/trpc/workspace.listMine')).status()).toBe(200);
    await phone.close();
  });
  await laptop.close();
});

test('a failed email link says so where it lands; the profile sends a fresh verification link', async ({
  browser,
}) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  // A forged token: better-auth sends the browser on to the callback with ?error=INVALID_TOKEN.
  await page.goto('/api/auth/verify-email?token=not-a-token&callbackURL=%2Fworkspaces');
  await expect(page).toHaveURL(/\/workspaces\?error=INVALID_TOKEN$/);
  await expect(page.getByRole('alert').filter({ hasText: 'email link' })).toHaveText(
    'That email link is not valid. Ask for a new one on your account page.',
  );
  await expect(page.getByRole('heading', { name: 'Sign in to continue.' })).toBeVisible();
  await expectAccessible(page);
  await ctx.close();

  const a = await account(browser, 'Vera Verify');
  await a.page.goto('/account');
  const email = a.page.getByRole('region', { name: 'Email address' });
  await expect(email).toContainText(`${a.email} (not verified yet)`);
  await email.getByRole('button', { name: 'Send a verification link' }).click();
  await expect(email.getByRole('status').filter({ hasText: 'Sent.' })).toHaveText(
    `Sent. Open the link in the email to ${a.email}.`,
  );
  await expectAccessible(a.page);

  // Changing the address: the same one is named at the field; a new one waits for its link.
  const change = email.getByRole('form', { name: 'Change email address' });
  const field = change.getByLabel('New email address');
  await field.fill(a.email.toUpperCase());
  await field.press('Enter');
  await expect(change.getByText('This is already your address.')).toBeVisible();
  const next = `new-${a.email}`;
  await field.fill(next);
  await change.getByRole('button', { name: 'Change email address' }).click();
  await expect(change.getByRole('status')).toHaveText(
    `Check ${next}: open the link there to make it your address.`,
  );
  await expect(email).toContainText(`${a.email} (not verified yet)`);
  await expectAccessible(a.page);
  await a.ctx.close();
});
