import { expect, test } from '@playwright/test';
import { api, expectAccessible, person, uniq, workspaceWith } from './support';

// The inbox for every kind, notification settings that persist, and a conversation's own bell.

test('a direct message arrives in the inbox live; settings persist; a conversation can be muted', async ({
  browser,
}) => {
  const owner = await person(browser, 'Nora Notify');
  const friend = await person(browser, 'Finn Friend');
  const ws = await workspaceWith(owner, 'Notify', friend);
  const page = owner.page;

  await test.step('a direct message shows in the inbox while it is open', async () => {
    await page.goto(`/w/${ws.slug}/notifications`);
    await expect(page.getByText('No notifications yet.')).toBeVisible();
    const dm = await api<{ id: string }>(friend.page, 'channel.openDirect', {
      workspaceId: ws.id,
      userIds: [owner.id],
    });
    await api(friend.page, 'message.send', {
      workspaceId: ws.id,
      conversationId: dm.id,
      clientMsgId: uniq('cm'),
      body: 'are you free at three?',
    });
    const list = page.getByRole('list', { name: 'Notifications' });
    await expect(list).toContainText(`${friend.name} sent you a message in`, { timeout: 15_000 });
    await expect(page.getByTestId('notification-badge')).toContainText('1');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect(page.getByTestId('notification-badge')).toHaveCount(0);
  });

  await test.step('the settings page saves each change and shows it after a reload', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Notification settings' })).toBeVisible();
    const pane = page.locator('.notif-settings');
    await pane.getByLabel('Channels').selectOption({ label: 'Every message' });
    await pane.getByLabel('Email me what I miss').selectOption({ label: 'At most once an hour' });
    await pane.getByRole('checkbox', { name: /Moderation: reports/ }).uncheck();
    await pane.getByRole('checkbox', { name: /No push or email during quiet hours/ }).check();
    await expect(pane.getByLabel('From')).toHaveValue('22:00');
    await pane.getByLabel('From').fill('21:30');
    await pane.getByLabel('Time zone').selectOption('Europe/Berlin');
    await expect(pane.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Notification settings' })).toBeVisible();
    await expect(pane.getByLabel('Channels')).toHaveValue('all');
    await expect(pane.getByLabel('Email me what I miss')).toHaveValue('hourly');
    await expect(pane.getByRole('checkbox', { name: /Moderation: reports/ })).not.toBeChecked();
    await expect(pane.getByRole('checkbox', { name: /Mentions, replies/ })).toBeChecked();
    await expect(pane.getByLabel('From')).toHaveValue('21:30');
    await expect(pane.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
    await expect(pane.getByText('None: every conversation follows the settings above.')).toBeVisible();
    await expectAccessible(page);
  });

  await test.step('a conversation’s bell mutes it, and the settings page lists and resets that', async () => {
    await page.goto(`/w/${ws.slug}`);
    const bell = page.locator('details.notify-menu');
    await bell.locator('summary').click();
    await bell.getByRole('radio', { name: 'Mentions and replies' }).check();
    await expect(bell.locator('summary')).toContainText('Mentions and replies');
    await bell.getByRole('button', { name: '8 hours' }).click();
    await expect(bell.locator('summary')).toContainText('Muted');
    await expect(bell.getByText(/^Muted until/)).toBeVisible();
    await page.goto(`/w/${ws.slug}/notifications/settings`);
    const item = page
      .getByRole('region', { name: 'Conversations with their own settings' })
      .getByRole('listitem');
    await expect(item).toContainText('Mentions and replies, muted until');
    await item.getByRole('button', { name: /^Reset/ }).click();
    await expect(page.getByText('None: every conversation follows the settings above.')).toBeVisible();
  });
  for (const p of [owner, friend]) await p.ctx.close();
});
