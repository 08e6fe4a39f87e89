import { expect, test, type Page } from '@playwright/test';
import { api, expectAccessible, person, uniq, workspaceWith, type Person, type Ws } from './support';

// Reporting a message from the chat, and deciding on it in the console's Moderation page: the
// reporter hears the outcome, a warned author hears the moderator's words (both in Notifications).

const feed = (page: Page) => page.getByRole('feed', { name: 'Messages in #general' });
const message = (page: Page, text: string) => feed(page).getByRole('article').filter({ hasText: text });

async function general(p: Person, ws: Ws) {
  const chans = await api<{ id: string; isDefault: boolean }[]>(
    p.page,
    'channel.list',
    { workspaceId: ws.id },
    'query',
  );
  return chans.find((c) => c.isDefault)!;
}

async function say(p: Person, ws: Ws, body: string) {
  const conv = await general(p, ws);
  const sent = await api<{ message: { id: string } }>(p.page, 'message.send', {
    workspaceId: ws.id,
    conversationId: conv.id,
    clientMsgId: uniq('cm'),
    body,
  });
  return sent.message.id;
}

/** The review of the message by `author` in #general, as a card of the console's list. */
const card = (page: Page, author: string) =>
  page.getByRole('list', { name: /reviews$/ }).getByRole('listitem', { name: `${author} in #general` });

test('a member reports a message; an admin deletes it from the Moderation page; the reporter is told', async ({
  browser,
}) => {
  const owner = await person(browser, 'Ada Admin');
  const author = await person(browser, 'Mo Author');
  const reporter = await person(browser, 'Rae Reporter');
  const ws = await workspaceWith(owner, 'Moderated', author, reporter);
  const body = uniq('buy cheap watches now');
  await say(author, ws, body);
  const note = 'Same link posted in three channels';
  const r = reporter.page;

  await test.step('the reporter reports it from the message actions and sees the confirmation', async () => {
    await r.goto(`/w/${ws.slug}`);
    const target = message(r, body);
    await expect(target).toBeVisible();
    // The author's own copy has no Report action.
    await author.page.goto(`/w/${ws.slug}`);
    const own = message(author.page, body);
    await expect(own).toBeVisible();
    await expect(own.getByRole('button', { name: 'Report message' })).toHaveCount(0);

    // From the keyboard: the toolbar sits under "Jump to first unread" on the top message.
    await target.getByRole('button', { name: 'Report message' }).focus();
    await r.keyboard.press('Enter');
    const dialog = r.getByRole('dialog', { name: 'Report message' });
    await expect(dialog).toBeVisible();
    // A reason is needed.
    await dialog.getByRole('button', { name: 'Report', exact: true }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Choose why you are reporting it.');
    await dialog.getByLabel('Spam or scam').check();
    await dialog.getByLabel('Note (optional)').fill(note);
    await expectAccessible(r);
    await dialog.getByRole('button', { name: 'Report', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(
      r.getByRole('status').filter({ hasText: 'Reported. A moderator will review it.' }),
    ).toBeVisible();
  });

  await test.step('reporting it again says so in the dialog; Escape closes it', async () => {
    const target = message(r, body);
    await target.getByRole('button', { name: 'Report message' }).focus();
    await r.keyboard.press('Enter');
    const dialog = r.getByRole('dialog', { name: 'Report message' });
    await dialog.getByLabel('Harassment or hate').check();
    await dialog.getByRole('button', { name: 'Report', exact: true }).click();
    await expect(dialog.getByRole('alert')).toHaveText('You already reported this message');
    await r.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  const a = owner.page;
  await test.step('the admin sees the report in the queue and deletes the message', async () => {
    await a.goto(`/admin/${ws.slug}/moderation`);
    await expect(a.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible();
    await expect(a.getByRole('button', { name: 'Open 1' })).toHaveAttribute('aria-pressed', 'true');
    const item = card(a, author.name);
    await expect(item).toBeVisible();
    await expect(item).toContainText(body);
    await expect(item).toContainText('Reported');
    await expect(item).toContainText(/Trust \d+\/100/);
    await expect(item).toContainText(/Score \d+/);
    const reports = item.getByRole('heading', { name: 'Reports' }).locator('..');
    await expect(reports).toContainText('Spam or scam');
    await expect(reports).toContainText(note);
    await expect(reports).toContainText(reporter.name);
    await expectAccessible(a);

    await item.getByRole('button', { name: 'Delete message' }).click();
    await item.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect(
      a.getByRole('status').filter({ hasText: 'Message deleted. 1 person was notified.' }),
    ).toBeVisible();
    await expect(a.getByText('Nothing to review. Flagged and reported messages show here.')).toBeVisible();
    await expect(a.getByRole('button', { name: 'Open 0' })).toBeVisible();
  });

  await test.step('the item is under Decided, with who deleted it', async () => {
    await a.getByRole('button', { name: 'Decided' }).click();
    const item = card(a, author.name);
    await expect(item).toContainText('Message deleted by Ada Admin');
    await expect(item.locator('.tombstone')).toHaveText('Message deleted');
    await expect(item.getByRole('button', { name: 'Delete message' })).toHaveCount(0);
    await expectAccessible(a);
    // The chat shows the tombstone.
    await expect(feed(r).getByText('This message was deleted')).toBeVisible();
  });

  await test.step('the reporter’s Notifications page has the outcome', async () => {
    await r.goto(`/w/${ws.slug}/notifications`);
    const list = r.getByRole('list', { name: 'Notifications' });
    await expect(list.getByRole('listitem')).toContainText(
      'Moderation: A moderator reviewed the message you reported and deleted it.',
    );
    await expect(list.getByRole('link', { name: 'Open the message (moderation)' })).toBeVisible();
    await expectAccessible(r);
  });
  for (const p of [owner, author, reporter]) await p.ctx.close();
});

test('a warning from the Moderation page reaches the author’s notifications', async ({ browser }) => {
  const owner = await person(browser, 'Wes Warden');
  const author = await person(browser, 'Rex Rude');
  const reporter = await person(browser, 'Pia Polite');
  const ws = await workspaceWith(owner, 'Warned', author, reporter);
  const messageId = await say(author, ws, uniq('you are all idiots'));

  const a = owner.page;
  await a.goto(`/admin/${ws.slug}/moderation`);
  await expect(a.getByText('Nothing to review. Flagged and reported messages show here.')).toBeVisible();
  // The open page hears of the report (moderation:updated) and shows it without a reload; its
  // fallback poll is a minute, far longer than this wait.
  await api(reporter.page, 'moderation.report', { workspaceId: ws.id, messageId, reason: 'harassment' });
  const item = card(a, author.name);
  await expect(item).toContainText('Harassment or hate', { timeout: 15_000 });
  await item.getByRole('button', { name: 'Warn' }).click();
  const form = item.getByRole('form', { name: `Warn ${author.name}` });
  // A warning says what it is about.
  await form.getByRole('button', { name: 'Send the warning' }).click();
  await expect(form.getByLabel('Warning')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Warning').fill('Keep it civil, please');
  await form.getByRole('button', { name: 'Send the warning' }).click();
  await expect(a.getByRole('status').filter({ hasText: /^Author warned\./ })).toBeVisible();

  await author.page.goto(`/w/${ws.slug}/notifications`);
  await expect(author.page.getByRole('list', { name: 'Notifications' })).toContainText(
    'A moderator warned you: Keep it civil, please',
  );
  await expectAccessible(author.page);
  for (const p of [owner, author, reporter]) await p.ctx.close();
});

test('a held message waits for a moderator: its sender is told, and approving it posts it', async ({
  browser,
}) => {
  const owner = await person(browser, 'Hal Holder');
  const author = await person(browser, 'Ida Iban');
  const reader = await person(browser, 'Rob Reader');
  const ws = await workspaceWith(owner, 'Held', author, reader);
  const a = owner.page;

  await test.step('the owner turns holding on in the Security page', async () => {
    await a.goto(`/admin/${ws.slug}/security`);
    const form = a.getByRole('form', { name: 'Security policy' });
    await form.getByLabel('Hold these messages until a moderator approves them').check();
    await form.getByRole('button', { name: 'Save policy' }).click();
    await expect(form.getByRole('status')).toHaveText('Saved (version 1)');
  });

  // IBANs are flagged by the default policy: this one is held.
  const body = uniq('pay to DE89 3704 0044 0532 0130 00');
  await test.step('the author sends it from the composer and is told it waits; nobody else sees it', async () => {
    await reader.page.goto(`/w/${ws.slug}`);
    await expect(reader.page.getByLabel('Message #general', { exact: true })).toBeVisible();
    const w = author.page;
    await w.goto(`/w/${ws.slug}`);
    const box = w.getByLabel('Message #general', { exact: true });
    await box.fill(body);
    await box.press('Enter');
    await expect(w.getByRole('status').filter({ hasText: 'Waiting for review: a moderator' })).toBeVisible();
    // Not in the feed, not waiting in the outbox either.
    await expect(message(w, body)).toHaveCount(0);
    await expect(message(reader.page, body)).toHaveCount(0);
  });

  await test.step('the owner approves it from the Moderation page; the reader sees it at once', async () => {
    await a.goto(`/admin/${ws.slug}/moderation`);
    const item = card(a, author.name);
    await expect(item).toContainText('Held: nobody else has seen it');
    await expect(item).toContainText('pay to DE89');
    await expect(item.getByRole('button', { name: 'Warn' })).toHaveCount(0);
    await expectAccessible(a);
    await item.getByRole('button', { name: 'Approve and post' }).click();
    await expect(a.getByRole('status').filter({ hasText: /^Approved/ })).toBeVisible();
    await expect(message(reader.page, body)).toBeVisible();
    await expect(message(author.page, body)).toBeVisible();
  });

  await test.step('the author finds the decision in Notifications, with a way to the message', async () => {
    const w = author.page;
    await w.goto(`/w/${ws.slug}/notifications`);
    const item = w.getByRole('list', { name: 'Notifications' }).getByRole('listitem').first();
    await expect(item).toContainText(
      'Your message in #general: A moderator approved your message that was waiting for review',
    );
    await item.getByRole('link', { name: /Open the message/ }).click();
    await expect(message(w, body)).toBeVisible();
  });
  for (const p of [owner, author, reader]) await p.ctx.close();
});
