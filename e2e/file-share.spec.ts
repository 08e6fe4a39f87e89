import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { api, expectAccessible, person, uniq, workspaceWith, type Person, type Ws } from './support';

// A file's versions and shares in the browser (docs/files.md, "Versions" and "Sharing"): a file in
// a private channel shared with a member outside it, who hears of it, opens its page and downloads
// it; a file replaced by a new version, "v2" live for the others, and its history.

const live = (page: Page) =>
  expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
const bytesOf = async (d: Download) => readFile(await d.path());
const fileItem = (page: Page, name: string) => page.locator('li.msg-file').filter({ hasText: name });
const menuOf = (item: Locator, name: string) => item.getByRole('button', { name: `More for ${name}` });

let ann: Person;
let bob: Person;
let cara: Person;
let ws: Ws & { name: string };
let plans: { id: string; name: string };

test.beforeAll(async ({ browser }) => {
  ann = await person(browser, 'Ann Sharer');
  bob = await person(browser, 'Bob Insider');
  cara = await person(browser, 'Cara Outsider');
  ws = await workspaceWith(ann, 'File shares', bob, cara);
  const name = uniq('plans').toLowerCase();
  const made = await api<{ id: string }>(ann.page, 'channel.create', {
    workspaceId: ws.id,
    name,
    isPrivate: true,
  });
  await api(ann.page, 'channel.addMember', { workspaceId: ws.id, channelId: made.id, userId: bob.id });
  plans = { id: made.id, name };
});

test.afterAll(async () => {
  for (const p of [ann, bob, cara]) await p?.ctx.close();
});

async function openPlans(p: Person) {
  await p.page.goto(`/w/${ws.slug}/c/${plans.id}`);
  await expect(p.page.getByLabel(`Message #${plans.name}`, { exact: true })).toBeVisible();
  await live(p.page);
}

/** Ann sends a text file in #plans; it is scanned. */
async function sendFile(name: string, content: string) {
  const a = ann.page;
  await a
    .getByTestId('attach-input')
    .setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content) });
  await expect(a.getByRole('list', { name: 'Attachments' }).getByRole('listitem')).toHaveAttribute(
    'data-state',
    'done',
  );
  await a.getByRole('button', { name: 'Send', exact: true }).click();
  const item = fileItem(a, name);
  await expect(item).toContainText(/Scanned|Not scanned/, { timeout: 45_000 });
  return item;
}

test('a file in a private channel, shared with a member outside it: notified, its page, downloaded', async () => {
  test.setTimeout(150_000);
  await openPlans(ann);
  const content = `The plan ${uniq('plan')}\n`;
  const item = await sendFile('plan.txt', content);

  await test.step('the file menu opens the share dialog; Cara is chosen, download allowed', async () => {
    await menuOf(item, 'plan.txt').click();
    const menu = ann.page.getByRole('menu', { name: 'More for plan.txt' });
    await expect(menu.getByRole('menuitem', { name: 'Version history' })).toBeVisible();
    await menu.getByRole('menuitem', { name: 'Share…' }).click();
    const dialog = ann.page.getByRole('dialog', { name: 'Share plan.txt' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText('Not shared with anyone yet.')).toBeVisible();
    await dialog.getByLabel('Share with').selectOption({ label: cara.name });
    await expect(dialog.getByLabel('Download it')).toBeChecked();
    await expectAccessible(ann.page);
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(dialog.locator('.share-notice')).toHaveText(`Shared with ${cara.name}.`);
    const row = dialog.getByRole('listitem').filter({ hasText: cara.name });
    await expect(row).toContainText('View and download · until revoked');
    await expect(row.getByRole('button', { name: `Revoke the share with ${cara.name}` })).toBeVisible();
    await ann.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  await test.step('Cara, outside the channel, is told, opens the file page and downloads it', async () => {
    const c = cara.page;
    await c.goto(`/w/${ws.slug}/notifications`);
    const note = c.getByRole('list', { name: 'Notifications' }).getByRole('listitem').first();
    await expect(note).toContainText(`${ann.name} shared a file with you: plan.txt`);
    await note.getByRole('link', { name: /Open the file/ }).click();
    await expect(c).toHaveURL(/\/files\//);
    await expect(c.getByRole('heading', { name: 'plan.txt', level: 2 })).toBeVisible();
    await expect(c.getByText(`Shared with you by ${ann.name} until revoked`)).toBeVisible();
    await expect(c.getByRole('list', { name: 'Versions' }).getByRole('listitem')).toHaveCount(1);
    await expectAccessible(c);
    const [download] = await Promise.all([
      c.waitForEvent('download'),
      c.getByRole('main').getByRole('link', { name: 'Download plan.txt', exact: true }).click(),
    ]);
    expect((await bytesOf(download)).toString('utf8')).toBe(content);
  });

  await test.step('revoked, the page finds nothing for her', async () => {
    await menuOf(item, 'plan.txt').click();
    await ann.page.getByRole('menuitem', { name: 'Share…' }).click();
    const dialog = ann.page.getByRole('dialog', { name: 'Share plan.txt' });
    await dialog.getByRole('button', { name: `Revoke the share with ${cara.name}` }).click();
    await expect(dialog.getByText('Not shared with anyone yet.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await cara.page.reload();
    await expect(cara.page.getByText('This file does not exist, or it is not shared with you')).toBeVisible();
  });
});

test('a file replaced: v2 live for the others, and its history with both versions', async () => {
  test.setTimeout(150_000);
  await openPlans(ann);
  await openPlans(bob);
  const item = await sendFile('budget.txt', 'budget, first draft');
  const theirs = fileItem(bob.page, 'budget.txt');
  await expect(theirs).toContainText(/Scanned|Not scanned/, { timeout: 45_000 });

  await test.step('Replace… picks a file and uploads it as v2', async () => {
    await menuOf(item, 'budget.txt').click();
    const [chooser] = await Promise.all([
      ann.page.waitForEvent('filechooser'),
      ann.page.getByRole('menuitem', { name: 'Replace…' }).click(),
    ]);
    await chooser.setFiles({
      name: 'budget.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('budget, final'),
    });
    await expect(item.locator('.file-replace')).toContainText('Uploaded as v2');
    await expect(item.locator('.file-version')).toHaveText('v2');
  });

  await test.step('Bob sees v2 arrive, and its history by keyboard, with both versions', async () => {
    await expect(theirs.locator('.file-version')).toHaveText('v2', { timeout: 45_000 });
    const more = menuOf(theirs, 'budget.txt');
    await more.focus();
    await bob.page.keyboard.press('Enter');
    const menu = bob.page.getByRole('menu', { name: 'More for budget.txt' });
    await expect(menu.getByRole('menuitem').first()).toBeFocused();
    // Bob neither uploaded nor manages it: no Replace… or Share…, only its history and page.
    await expect(menu.getByRole('menuitem')).toHaveText(['Version history', 'Open the file’s page']);
    await bob.page.keyboard.press('Enter');
    const dialog = bob.page.getByRole('dialog', { name: 'Version history of budget.txt' });
    await expect(dialog).toBeVisible();
    const rows = dialog.getByRole('list', { name: 'Versions' }).getByRole('listitem');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('v2 (current)');
    await expect(rows.nth(1)).toContainText('v1');
    await expectAccessible(bob.page);
    const [first] = await Promise.all([
      bob.page.waitForEvent('download'),
      rows.nth(1).getByRole('link', { name: 'Download budget.txt, version 1' }).click(),
    ]);
    expect((await bytesOf(first)).toString('utf8')).toBe('budget, first draft');
    const [current] = await Promise.all([
      bob.page.waitForEvent('download'),
      rows.nth(0).getByRole('link', { name: 'Download budget.txt, version 2' }).click(),
    ]);
    expect((await bytesOf(current)).toString('utf8')).toBe('budget, final');
    await bob.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
});
