import { expect, test } from '@playwright/test';
import { api, person, uniq, workspaceWith } from './support';

// Join and leave lines: an admin turns them on in the console; a channel then shows who joined.

test('with join and leave messages on, a channel shows who joined, and nothing unread for it', async ({
  browser,
}) => {
  const owner = await person(browser, 'Olga Owner');
  const member = await person(browser, 'Milo Member');
  const ws = await workspaceWith(owner, 'Joins', member);
  const page = owner.page;
  await page.goto(`/admin/${ws.slug}/settings/messages`);
  await page.getByLabel('Show a line in a channel when someone joins, leaves, is added or removed').check();
  await page.getByRole('button', { name: 'Save join and leave messages' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' }).first()).toBeVisible();

  const name = uniq('launch').toLowerCase();
  const channel = await api<{ id: string }>(page, 'channel.create', { workspaceId: ws.id, name });
  await page.goto(`/w/${ws.slug}/c/${channel.id}`);
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  await api(member.page, 'channel.join', { workspaceId: ws.id, channelId: channel.id });
  const feed = page.getByRole('feed', { name: `Messages in #${name}` });
  await expect(feed.getByRole('article', { name: `${member.name} joined` })).toBeVisible({ timeout: 10_000 });
  // Not a message to catch up on: the channel shows no unread count for it.
  await page.goto(`/w/${ws.slug}`);
  const link = page.getByRole('link', { name: new RegExp(name) });
  await expect(link).toBeVisible();
  await expect(link.locator('.badge')).toHaveCount(0);
  for (const p of [owner, member]) await p.ctx.close();
});
