import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { api, expectAccessible, person, uniq, workspaceWith } from './support';

// A person asks for a copy of their data on the account pages, watches it being gathered, and
// downloads the ZIP.

test('a person downloads a copy of everything held about them', async ({ browser }) => {
  const me = await person(browser, 'Dana Data');
  const ws = await workspaceWith(me, 'My data');
  const channels = await api<{ id: string; name: string }[]>(
    me.page,
    'channel.list',
    { workspaceId: ws.id },
    'query',
  );
  const general = channels.find((c) => c.name === 'general')!;
  await api(me.page, 'message.send', {
    workspaceId: ws.id,
    conversationId: general.id,
    clientMsgId: uniq('cm'),
    body: 'something of mine',
  });
  const page = me.page;
  await page.goto('/account');
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Your data' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your data' })).toBeVisible();
  await expect(page.getByText('You have not asked for a copy yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Request a copy of my data' }).click();
  const list = page.getByRole('list', { name: 'Your requests' });
  const link = list.getByRole('link', { name: 'Download' });
  await expect(link).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^enclave-my-data-\d{4}-\d\d-\d\d\.zip$/);
  const file = await readFile(await download.path());
  expect(file.subarray(0, 2).toString()).toBe('PK');
  await me.ctx.close();
});
