import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import {
  HOST_ORIGIN,
  inSeconds,
  openWidgetAsVisitor,
  signIdentity,
  startHostPages,
  type HostPages,
} from './host-page';
import { api, expectAccessible, join, person, run, uniq, type Person, type Ws } from './support';

// The support inbox (issue 12): a visitor writes from the host page; staff see it wait, open it
// beside the visitor panel, note, answer with a canned reply (which joins and assigns), close it,
// and see it come back when the visitor writes again — all live, on a desktop and a phone.

let hostPages: HostPages | undefined;
let owner: Person;
let teammate: Person;
let ws: Ws;
let secret: string;

const chat = (page: Page) => page.frameLocator('iframe[title="Chat"]');
const article = (scope: Locator, text: string) => scope.getByRole('article').filter({ hasText: text });
const inboxList = (page: Page) => page.getByRole('region', { name: 'Inbox' });
const item = (page: Page, name: string) => inboxList(page).getByRole('link', { name: new RegExp(name) });
const filter = (page: Page, label: string) =>
  inboxList(page)
    .getByRole('group', { name: 'Show' })
    .getByRole('button', { name: new RegExp(`^${label}`) });

async function send(box: Locator, text: string) {
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

/** A signed-in host user with the panel open, as their own browser. */
async function visitorWrites(browser: Browser, name: string, text: string) {
  const token = signIdentity(secret, {
    sub: uniq('inbox-host'),
    name,
    email: `${uniq('v')}@host.example`,
    exp: inSeconds(600),
  });
  const { ctx, page, chat: frame } = await openWidgetAsVisitor(browser, { ws: ws.slug, token });
  const own = `Chat with ${name}`;
  const box = frame.getByLabel(`Message ${own}`, { exact: true });
  await send(box, text);
  return { ctx, page, box, feed: frame.getByRole('feed', { name: `Messages in ${own}` }) };
}

test.beforeAll(async ({ browser }) => {
  hostPages = await startHostPages();
  owner = await person(browser, 'Olga Owner');
  teammate = await person(browser, 'Tariq Teammate');
  ws = await api<Ws>(owner.page, 'workspace.create', { name: `Inbox ${run}` });
  await join(owner, teammate, ws);
  await api(owner.page, 'widget.update', {
    workspaceId: ws.id,
    enabled: true,
    allowedOrigins: [HOST_ORIGIN],
  });
  secret = (await api<{ secret: string }>(owner.page, 'widget.rotateSecret', { workspaceId: ws.id })).secret;
});

test.afterAll(async () => {
  await owner?.ctx.close();
  await teammate?.ctx.close();
  await hostPages?.close();
});

test('staff work a visitor conversation from the inbox, live, with notes and canned replies', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = owner.page;
  await page.goto(`/w/${ws.slug}/inbox`);
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  await expect(inboxList(page).getByText('No open conversations: nobody is waiting.')).toBeVisible();

  const question = uniq('Where is my order');
  const visitor = await visitorWrites(browser, 'Vivian Visitor', question);

  await test.step('the new conversation appears live, waiting, and the tab and favicon count it', async () => {
    await expect(item(page, 'Vivian Visitor')).toContainText(question, { timeout: 10_000 });
    await expect(item(page, 'Vivian Visitor')).toContainText('Unassigned');
    await expect(item(page, 'Vivian Visitor').getByText(/Waiting/)).toBeAttached();
    await expect(page.getByTestId('inbox-waiting')).toContainText('1');
    await expect(page).toHaveTitle(/^\(1\) /);
    await expect(page.locator('link[rel~="icon"]')).toHaveAttribute('data-count', '1');
    await expect(filter(page, 'Unassigned')).toContainText('1');
  });

  await test.step('opened, the visitor panel says who they are and where they wrote from', async () => {
    await item(page, 'Vivian Visitor').click();
    await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}/);
    const panel = page.getByRole('complementary', { name: 'Visitor' });
    await expect(panel.getByRole('heading', { name: 'Vivian Visitor' })).toBeVisible();
    await expect(panel.getByText('Signed in on the host site')).toBeVisible();
    await expect(panel.getByRole('link', { name: `${HOST_ORIGIN}/` })).toHaveAttribute('rel', /noopener/);
    await expect(panel.getByText('This is their first conversation.')).toBeVisible();
    await expect(article(page.getByRole('feed'), question)).toBeVisible();
    await expectAccessible(page);
  });

  const note = uniq('Refund already approved');
  await test.step('an internal note is for the team only', async () => {
    const panel = page.getByRole('complementary', { name: 'Visitor' });
    await panel.getByLabel('Add a note').fill(note);
    await panel.getByRole('button', { name: 'Add note' }).click();
    await expect(panel.getByRole('listitem').filter({ hasText: note })).toContainText('Olga Owner');
    await expect(panel.getByLabel('Add a note')).toHaveValue('');
  });

  await test.step('a canned reply, made here, lands in the reply box; sending joins and takes it', async () => {
    await page.getByRole('button', { name: 'Canned replies' }).click();
    const canned = page.getByRole('region', { name: 'Canned replies' });
    await expect(canned.getByText(/No canned replies yet/)).toBeVisible();
    await canned.getByRole('button', { name: 'New canned reply' }).click();
    await canned.getByLabel('Title', { exact: true }).fill('Order status');
    await canned.getByLabel('Reply', { exact: true }).fill('Thanks for waiting! Your order ships today.');
    await canned.getByRole('button', { name: 'Save canned reply' }).click();
    await canned.getByPlaceholder('Find a canned reply…').fill('order');
    await canned.getByRole('button', { name: /^Order status/ }).click();
    const reply = page.getByLabel('Reply to Vivian Visitor');
    await expect(reply).toHaveValue('Thanks for waiting! Your order ships today.');
    await reply.press('Enter');
    await expect(article(visitor.feed, 'Your order ships today')).toBeVisible({ timeout: 10_000 });
    await expect(article(visitor.feed, 'Your order ships today')).toContainText('Olga Owner');
    // Now a member of it: the ordinary composer, and the conversation is the owner's.
    await expect(page.getByLabel('Message Vivian Visitor', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Assignee', { exact: true })).toHaveValue(owner.id);
    await expect(item(page, 'Vivian Visitor')).toContainText('You');
    await expect(item(page, 'Vivian Visitor').getByText(/Waiting/)).toHaveCount(0);
    await expect(page.getByTestId('inbox-waiting')).toHaveCount(0);
    // The visitor never sees the note.
    await expect(chat(visitor.page).locator('body')).not.toContainText(note);
  });

  await test.step('the visitor sees a customer’s chat: the agent named, no pins, threads or previews', async () => {
    const frame = chat(visitor.page);
    await page.getByLabel('Message Vivian Visitor', { exact: true }).pressSequentially('Let me check');
    await expect(frame.getByTestId('typing-indicator')).toHaveText('Olga Owner is typing…');
    await page.getByLabel('Message Vivian Visitor', { exact: true }).fill('');
    // Counted in the DOM, shown or not: the controls must not exist for visitors at all.
    await expect(frame.locator('[aria-label="Pin message"], [aria-label="Reply in thread"]')).toHaveCount(0);
    await expect(frame.locator('.pins')).toHaveCount(0);
    await visitor.box.fill('**bold?**');
    await expect(frame.getByRole('button', { name: 'Preview' })).toHaveCount(0);
    await expect(frame.getByText('@ to mention')).toHaveCount(0);
    await visitor.box.fill('');
    // Staff keep theirs.
    await expect(page.locator('[aria-label="Pin message"]').first()).toBeAttached();
  });

  await test.step('an edit shows the visitor “(edited)” as a note; the earlier versions are for staff', async () => {
    const staffCopy = article(page.getByRole('feed'), 'Your order ships today');
    const messageId = (await staffCopy.getAttribute('data-message-id'))!;
    const body = 'Thanks for waiting! Your order ships today, by noon.';
    await api(page, 'message.edit', { workspaceId: ws.id, messageId, body });
    const theirs = article(visitor.feed, 'by noon');
    await expect(theirs.getByText('(edited)', { exact: true })).toBeVisible({ timeout: 10_000 });
    await expect(theirs.getByRole('button', { name: '(edited)' })).toHaveCount(0);
    await expect(chat(visitor.page).locator('dialog.edit-history')).toHaveCount(0);
    await expect(
      article(page.getByRole('feed'), 'by noon').getByRole('button', { name: '(edited)' }),
    ).toBeVisible();
    await expectAccessible(visitor.page, { include: '[data-enclave-widget]' });
  });

  await test.step('closed, it leaves the open list; the visitor writing again brings it back, live', async () => {
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(page.getByText('Status: Closed')).toBeVisible();
    await expect(item(page, 'Vivian Visitor')).toHaveCount(0);
    await filter(page, 'Closed').click();
    await expect(item(page, 'Vivian Visitor')).toContainText('closed');
    await filter(page, 'All open').click();
    await send(visitor.box, 'One more question, sorry!');
    await expect(item(page, 'Vivian Visitor')).toContainText('One more question', { timeout: 10_000 });
    await expect(page.getByText('Status: Open')).toBeVisible();
  });

  await test.step('assigned to a teammate, it is in their "Mine"', async () => {
    await page.getByLabel('Assignee', { exact: true }).selectOption({ label: 'Tariq Teammate' });
    await expect(item(page, 'Vivian Visitor')).toContainText('Tariq Teammate');
    await teammate.page.goto(`/w/${ws.slug}/inbox?filter=mine`);
    await expect(item(teammate.page, 'Vivian Visitor')).toBeVisible();
    await expect(filter(teammate.page, 'Mine')).toHaveAttribute('aria-pressed', 'true');
  });

  await test.step('snoozed, it waits under Snoozed', async () => {
    await page.getByRole('button', { name: 'Snooze…' }).click();
    await page
      .getByRole('list', { name: 'Snooze until' })
      .getByRole('button', { name: 'For 4 hours' })
      .click();
    await expect(page.getByText(/Status: Snoozed until/)).toBeVisible();
    await filter(page, 'Snoozed').click();
    await expect(item(page, 'Vivian Visitor')).toContainText('snoozed until');
  });

  await test.step('dark theme: still accessible', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page);
    await page.emulateMedia({ colorScheme: 'light' });
  });
  await visitor.ctx.close();
});

test('on a phone the list and a conversation are separate screens', async ({ browser }) => {
  const ctx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: await owner.ctx.storageState(),
  });
  const page = await ctx.newPage();
  const visitor = await visitorWrites(browser, 'Petra Phone', uniq('Hello from my phone'));
  await page.goto(`/w/${ws.slug}/inbox`);
  await item(page, 'Petra Phone').click();
  await expect(inboxList(page)).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Petra Phone', level: 2 })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Back to the inbox' }).click();
  await expect(item(page, 'Petra Phone')).toBeVisible();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
  await visitor.ctx.close();
  await ctx.close();
});
