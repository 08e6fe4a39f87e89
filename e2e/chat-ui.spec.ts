import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { avatarColour } from '../components/ui/avatar';
import { api, person, run, uniq, WCAG_AA_TAGS, workspaceWith, type Ws } from './support';

// The chat interface of issue 12: runs of messages under one name, initials avatars, the "New"
// line with "Jump to first unread", and the unread count in the tab title.

const composer = (page: Page) => page.getByLabel('Message #general', { exact: true });
const feed = (page: Page) => page.getByRole('feed', { name: 'Messages in #general' });
const message = (scope: Locator, text: string) => scope.getByRole('article').filter({ hasText: text });
const sidebarLink = (page: Page, name: RegExp | string) =>
  page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name });

async function openLive(page: Page, ws: Ws) {
  await page.goto(`/w/${ws.slug}`);
  await expect(composer(page)).toBeVisible();
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
}

async function send(page: Page, text: string) {
  const box = composer(page);
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/** Axe with the WCAG A/AA rules up to 2.2 (24 px targets included): no violations at all. */
async function axeClean(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
}

test('runs of messages by one author show one name; initials avatars in the colour of each person', async ({
  browser,
}) => {
  const ann = await person(browser, 'Ann Runner');
  const bob = await person(browser, 'Bob Between');
  const ws = await workspaceWith(ann, 'UI', bob);
  await openLive(ann.page, ws);
  await openLive(bob.page, ws);
  const a = ann.page;
  const b = bob.page;

  const first = uniq('run starts');
  const second = uniq('run goes on');
  const third = uniq('and on');
  const bobs = uniq('someone else');
  const after = uniq('Ann again');
  for (const text of [first, second, third]) await send(a, text);
  await send(b, bobs);
  await expect(message(feed(a), bobs)).toBeVisible();
  await send(a, after);
  const list = feed(b);
  await expect(message(list, after)).toBeVisible();

  await test.step('the first of a run shows avatar, name and time; the rest only their text', async () => {
    const head = message(list, first);
    await expect(head.locator('.msg-author')).toHaveText('Ann Runner');
    await expect(head.locator('.avatar')).toHaveText('AR');
    await expect(head.locator('time')).toHaveCSS('opacity', '1');
    for (const text of [second, third]) {
      const rest = message(list, text);
      await expect(rest.locator('.avatar')).toHaveCount(0);
      await expect(rest.locator('.msg-author')).toHaveCount(0);
      // Still one entry per message, announced with its author.
      await expect(rest).toHaveAccessibleName('Ann Runner');
      await expect(rest.locator('time')).toHaveCSS('opacity', '0');
    }
    await expect(list.getByRole('article')).toHaveCount(5);
  });

  await test.step("a grouped message's time shows on hover and on focus", async () => {
    const rest = message(list, second);
    await rest.hover();
    await expect(rest.locator('time')).toHaveCSS('opacity', '1');
    await b.mouse.move(0, 0);
    await expect(rest.locator('time')).toHaveCSS('opacity', '0');
    await rest.getByRole('button', { name: 'Add reaction' }).focus();
    await expect(rest.locator('time')).toHaveCSS('opacity', '1');
  });

  await test.step('another author breaks the run, and so does a deleted message', async () => {
    await expect(message(list, bobs).locator('.msg-author')).toHaveText('Bob Between');
    await expect(message(list, bobs).locator('.avatar')).toHaveText('BB');
    await expect(message(list, after).locator('.msg-author')).toHaveText('Ann Runner');
    const mine = message(feed(a), second);
    await mine.hover();
    await mine.getByRole('button', { name: 'Delete message' }).click();
    await mine.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(message(list, second)).toHaveCount(0);
    // The message after the tombstone starts a run again.
    await expect(message(list, third).locator('.msg-author')).toHaveText('Ann Runner');
  });

  await test.step('a person has one colour, from their id, in the chat and the members table', async () => {
    const annBg = rgb(avatarColour(ann.id).light);
    await expect(message(list, first).locator('.avatar')).toHaveCSS('background-color', annBg);
    await expect(message(list, after).locator('.avatar')).toHaveCSS('background-color', annBg);
    await expect(message(list, bobs).locator('.avatar')).toHaveCSS(
      'background-color',
      rgb(avatarColour(bob.id).light),
    );
    await b.getByRole('link', { name: 'Members', exact: true }).click();
    const row = b.getByRole('row', { name: 'Ann Runner' });
    await expect(row.locator('.avatar')).toHaveText('AR');
    await expect(row.locator('.avatar')).toHaveCSS('background-color', annBg);
    // The avatar is decoration: the row header still reads the name alone.
    await expect(row.getByRole('rowheader')).toHaveAccessibleName('Ann Runner');
    await axeClean(b);
  });

  await test.step('the dark theme has its own shade, and both themes pass axe', async () => {
    await sidebarLink(b, /general/).click();
    await expect(message(list, first)).toBeVisible();
    await axeClean(b);
    await b.getByRole('button', { name: /^Theme: system/ }).click();
    await b.getByRole('button', { name: /^Theme: light/ }).click();
    await expect(b.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(message(list, first).locator('.avatar')).toHaveCSS(
      'background-color',
      rgb(avatarColour(ann.id).dark),
    );
    await expect(message(list, first).locator('.avatar')).toHaveCSS('color', 'rgb(0, 0, 0)');
    await axeClean(b);
  });

  await ann.ctx.close();
  await bob.ctx.close();
});

test('a "New" line above the first unread message, a jump to it, and the unread count in the tab title', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const ann = await person(browser, 'Ann Writer');
  const bob = await person(browser, 'Bob Away');
  const ws = await workspaceWith(ann, 'UI', bob);
  const a = ann.page;
  const b = bob.page;
  await openLive(a, ws);
  await openLive(b, ws);
  const seen = uniq('already read');
  await send(a, seen);
  await expect(message(feed(b), seen)).toBeVisible();

  // Bob reads other pages while Ann writes more than one page of history (50) in #general.
  await b.getByRole('link', { name: 'Members', exact: true }).click();
  await expect(b).toHaveTitle(`Members · ${ws.name} — Enclave`);
  const general = (
    await api<{ id: string; isDefault: boolean }[]>(a, 'channel.list', { workspaceId: ws.id }, 'query')
  ).find((c) => c.isDefault)!;
  const total = 60;
  for (let i = 1; i <= total; i++) {
    await api(a, 'message.send', {
      workspaceId: ws.id,
      conversationId: general.id,
      clientMsgId: `unread-${run}-${i}`,
      body: `unread number ${i} of ${run}`,
    });
  }

  await test.step('the tab title counts the unread messages, live', async () => {
    await expect(b).toHaveTitle(`(${total}) Members · ${ws.name} — Enclave`, { timeout: 10_000 });
  });

  const list = feed(b);
  const line = list.getByTestId('unread-line');
  // The article the line is in (an inner locator is relative to the article).
  const lineArticle = list.getByRole('article').filter({ has: b.getByTestId('unread-line') });
  const jump = b.getByRole('button', { name: 'Jump to first unread' });
  await test.step('opened afresh at the bottom, the first unread lies before the loaded page: jump to it', async () => {
    await b.goto(`/w/${ws.slug}`);
    await expect(message(list, `unread number ${total} of`)).toBeVisible();
    await expect(jump).toBeVisible();
    await jump.click();
    await expect(line).toBeInViewport();
    await expect(line).toHaveCount(1);
    const firstUnread = lineArticle;
    await expect(firstUnread).toContainText(`unread number 1 of ${run}`);
    // The line starts a run: the first unread message shows its author even after Ann's last read one.
    await expect(firstUnread.locator('.msg-author')).toHaveText('Ann Writer');
    await expect(line).toHaveAccessibleName('New messages');
    await expect(jump).toBeHidden();
    await axeClean(b);
  });

  await test.step('the read mark advances, the line stays where it was', async () => {
    await expect(b).toHaveTitle(`general · ${ws.name} — Enclave`, { timeout: 10_000 });
    const more = uniq('read as it arrives');
    await send(a, more);
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(message(list, more)).toBeVisible();
    await expect(jump).toBeVisible();
    await jump.click();
    await expect(lineArticle).toContainText(`unread number 1 of ${run}`);
    await expect(line).toHaveCount(1);
    await expect(b).toHaveTitle(`general · ${ws.name} — Enclave`);
  });

  await test.step('opened again with nothing unread, there is no line', async () => {
    await b.getByRole('link', { name: 'Members', exact: true }).click();
    await expect(b).toHaveTitle(`Members · ${ws.name} — Enclave`);
    await sidebarLink(b, /general/).click();
    await expect(message(list, `unread number ${total} of`)).toBeVisible();
    await expect(list.getByTestId('unread-line')).toHaveCount(0);
    await expect(jump).toBeHidden();
  });

  await test.step('opened in the app with new messages, the line is above the first of them', async () => {
    await b.getByRole('link', { name: 'Members', exact: true }).click();
    const fresh = [uniq('first new'), uniq('second new')];
    for (const text of fresh) await send(a, text);
    await expect(b).toHaveTitle(`(2) Members · ${ws.name} — Enclave`, { timeout: 10_000 });
    await sidebarLink(b, /general/).click();
    await expect(lineArticle).toContainText(fresh[0]!);
    await expect(line).toBeInViewport();
    await expect(jump).toBeHidden();
    await expect(b).toHaveTitle(`general · ${ws.name} — Enclave`, { timeout: 10_000 });
  });

  await ann.ctx.close();
  await bob.ctx.close();
});
