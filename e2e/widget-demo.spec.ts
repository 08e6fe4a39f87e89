import { expect, test, type Browser, type Page } from '@playwright/test';
import { recordUrl } from '../shared/record-links';
import { api, BASE, expectWcag22, signUpAndIn, uniq, type Person, type Ws } from './support';

// The sample host page the app serves (public/widget-demo.html, docs/widget.md "Trying it"), on
// the app's own origin under its Content-Security-Policy: its script runs, its unread counter and
// "Ask about it" button work, and `?invoice=` shows the invoice a record link names. The page
// embeds workspace "acme"; this run's database has no demo seed, so the spec makes one.

interface InboxItem {
  conversationId: string;
  title: string;
}

const widgetHost = (page: Page) => page.locator('[data-enclave-widget]');
const launcher = (page: Page) => widgetHost(page).getByRole('button', { name: /^(Open|Close) chat/ });
const chat = (page: Page) => page.frameLocator('iframe[title="Chat"]');
const invoiceCell = (page: Page) => page.getByRole('cell', { name: /^Invoice / });

let owner: Person;
let ws: Ws;
let invoiceLinks: Record<string, string>;

test.beforeAll(async ({ browser }) => {
  // The page names workspace "acme", which only one owner can have in this run's database. After a
  // failed test Playwright starts a new worker, which runs this again: the same account signs in
  // (sign-up answers alike for a taken address) and finds the workspace it made.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const account = {
    name: 'Ada Acme',
    email: 'ada.acme@example.test',
    password: 'pw-widget-demo-long-enough',
  };
  const { id } = await signUpAndIn(page.request, account);
  owner = { ctx, page, id, name: account.name };
  const mine = await api<Ws[]>(page, 'workspace.listMine', {}, 'query');
  ws =
    mine.find((w) => w.slug === 'acme') ??
    (await api<Ws>(page, 'workspace.create', { name: 'Acme', slug: 'acme' }));
  // As the demo seed does: the widget on for the app's own origin, anonymous visitors welcome,
  // and invoice conversations linking to this page.
  await api(owner.page, 'widget.update', {
    workspaceId: ws.id,
    enabled: true,
    allowedOrigins: [BASE],
    anonymous: true,
  });
  await api(owner.page, 'workspace.update', {
    workspaceId: ws.id,
    settings: { recordLinks: { invoice: `${BASE}/widget-demo.html?invoice={id}` } },
  });
  const got = await api<{ settings: { recordLinks: Record<string, string> } }>(
    owner.page,
    'workspace.get',
    { workspaceId: ws.id },
    'query',
  );
  invoiceLinks = got.settings.recordLinks;
});

test.afterAll(async () => {
  await owner?.ctx.close();
});

/**
 * An anonymous visitor's browser on `url`, recording what would show a blocked or injected script:
 * CSP violation events (listened for before any of the page's scripts), console lines and dialogs.
 */
async function visit(browser: Browser, url: string) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await expect(launcher(page)).toBeVisible();
  const cspViolations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  return { ctx, page, consoleLines, dialogs, cspViolations };
}

async function expectNoCspViolation(v: Awaited<ReturnType<typeof visit>>) {
  expect(await v.cspViolations()).toEqual([]);
  expect(v.consoleLines.filter((l) => /Content Security Policy|Refused to/i.test(l))).toEqual([]);
}

test('the sample host page runs its script: the button opens the chat and the counter follows replies', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const v = await visit(browser, `${BASE}/widget-demo.html`);
  const { page } = v;
  const frame = chat(page);
  const title = 'Question about invoice 42';
  const unread = page.getByText(/^Unread messages: \d+$/);
  await expect(invoiceCell(page)).toHaveText('Invoice 42');
  await expect(unread).toHaveText('Unread messages: 0');
  await expectWcag22(page);

  await test.step('"Ask about it" opens the visitor’s own conversation, named after the invoice', async () => {
    await page.getByRole('button', { name: 'Ask about it' }).click();
    await expect(launcher(page)).toHaveAccessibleName('Close chat');
    await expect(frame.getByRole('heading', { name: title })).toBeVisible();
    const box = frame.getByLabel(`Message ${title}`, { exact: true });
    await box.fill('Is invoice 42 paid?');
    await box.press('Enter');
    await expect(box).toHaveValue('');
  });

  await test.step('a staff reply while the panel is closed shows in the page’s counter', async () => {
    let item: InboxItem | undefined;
    await expect
      .poll(async () => {
        const items = await api<InboxItem[]>(owner.page, 'inbox.list', { workspaceId: ws.id }, 'query');
        item = items.find((i) => i.title === title);
        return item?.conversationId;
      })
      .toBeTruthy();
    const conversationId = item!.conversationId;
    await api(owner.page, 'inbox.join', { workspaceId: ws.id, conversationId });
    await frame.getByRole('button', { name: 'Close chat' }).click();
    await expect(launcher(page)).toHaveAccessibleName('Open chat');
    await api(owner.page, 'message.send', {
      workspaceId: ws.id,
      conversationId,
      clientMsgId: uniq('reply'),
      body: 'Yes, it was paid on Monday.',
    });
    await expect(unread).toHaveText('Unread messages: 1', { timeout: 10_000 });
    await launcher(page).click();
    await expect(unread).toHaveText('Unread messages: 0', { timeout: 10_000 });
  });

  await expectNoCspViolation(v);
  await v.ctx.close();
});

test('?invoice= from the record link shows that invoice; a hostile value is ignored', async ({ browser }) => {
  await test.step('the console’s link for invoice 77 lands on invoice 77', async () => {
    const url = recordUrl(invoiceLinks, 'invoice', '77');
    expect(url).toBe(`${BASE}/widget-demo.html?invoice=77`);
    const v = await visit(browser, url!);
    await expect(invoiceCell(v.page)).toHaveText('Invoice 77');
    await expect(v.page).toHaveTitle(/^Invoice 77 /);
    await v.page.getByRole('button', { name: 'Ask about it' }).click();
    await expect(chat(v.page).getByRole('heading', { name: 'Question about invoice 77' })).toBeVisible();
    await expectNoCspViolation(v);
    await v.ctx.close();
  });

  await test.step('markup in ?invoice= is not shown and puts no element in the page', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const v = await visit(browser, `${BASE}/widget-demo.html?invoice=${encodeURIComponent(hostile)}`);
    await expect(invoiceCell(v.page)).toHaveText('Invoice 42');
    await expect(v.page.locator('img')).toHaveCount(0);
    await expect(v.page.locator('main')).not.toContainText('onerror');
    await expect(v.page).toHaveTitle(/^Invoice 42 /);
    expect(v.dialogs).toEqual([]);
    await expectNoCspViolation(v);
    await v.ctx.close();
  });

  await test.step('an id longer than 32 characters is ignored too', async () => {
    const v = await visit(browser, `${BASE}/widget-demo.html?invoice=${'7'.repeat(33)}`);
    await expect(invoiceCell(v.page)).toHaveText('Invoice 42');
    await v.ctx.close();
  });
});
