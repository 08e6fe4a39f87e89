import { expect, test } from '@playwright/test';
import { api, expectAccessible, person, workspaceWith } from './support';

// The web app on a phone: the conversation list and a conversation are separate screens.

test('on a phone the conversation list and a conversation are separate screens', async ({ browser }) => {
  const owner = await person(browser, 'Phoebe Phone');
  const ws = await workspaceWith(owner, 'Phone');
  await api(owner.page, 'channel.create', { workspaceId: ws.id, name: 'design', isPrivate: false });
  const ctx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: await owner.ctx.storageState(),
  });
  const page = await ctx.newPage();
  await page.goto(`/w/${ws.slug}`);
  const list = page.getByRole('navigation', { name: 'Conversations' });
  const back = page.getByRole('button', { name: 'All conversations' });
  // The conversation fills the screen; the list waits behind "All conversations".
  await expect(page.getByRole('heading', { level: 2, name: '#general' })).toBeVisible();
  await expect(list).toBeHidden();
  await expectAccessible(page);

  await back.click();
  await expect(list).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '#general' })).toBeHidden();
  const box = await list.boundingBox();
  expect(box!.width).toBeGreaterThan(350); // the whole screen, not a strip
  await expectAccessible(page);
  await list.getByRole('link', { name: /design/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: '#design' })).toBeVisible();
  await expect(list).toBeHidden();

  await test.step('the same conversation picked again still closes the list', async () => {
    await back.click();
    await list.getByRole('link', { name: /design/ }).click();
    await expect(list).toBeHidden();
    await expect(page.getByRole('heading', { level: 2, name: '#design' })).toBeVisible();
  });

  await test.step('a desktop shows both side by side, with no back button', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(list).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '#design' })).toBeVisible();
    await expect(back).toBeHidden();
  });
  await ctx.close();
  await owner.ctx.close();
});
