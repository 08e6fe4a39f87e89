import { expect, test } from '@playwright/test';
import { api, expectAccessible, person, workspaceWith } from './support';

// Other people's presence where they appear: the direct-message list, next to authors, the members page.

test('presence shows live in the direct-message list, on authors and in the member list', async ({
  browser,
}) => {
  const alice = await person(browser, 'Alma Present');
  const bob = await person(browser, 'Boris Present');
  const ws = await workspaceWith(alice, 'Presence', bob);
  const dm = await api<{ id: string }>(alice.page, 'channel.openDirect', {
    workspaceId: ws.id,
    userIds: [bob.id],
  });
  await api(bob.page, 'message.send', {
    workspaceId: ws.id,
    conversationId: dm.id,
    clientMsgId: `presence-${Date.now()}`,
    body: 'hello from Boris',
  });

  // Bob is connected (his app is open) before Alice looks.
  await bob.page.goto(`/w/${ws.slug}`);
  await expect(bob.page.getByTestId('my-presence')).toHaveAttribute('data-status', 'online');
  await alice.page.goto(`/w/${ws.slug}/c/${dm.id}`);
  const link = alice.page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('link', { name: /Boris Present/ });
  await expect(link).toHaveAccessibleName(/Boris Present\s*\(online\)/);
  const author = alice.page.getByRole('article').filter({ hasText: 'hello from Boris' });
  await expect(author.locator('.avatar .dot-online')).toHaveCount(1);

  await test.step('a status change arrives without a reload', async () => {
    await bob.page.getByLabel('Your status').selectOption('away');
    await expect(link).toHaveAccessibleName(/Boris Present\s*\(away\)/);
    await expect(author.locator('.avatar .dot-away')).toHaveCount(1);
  });

  await test.step('the member list says it in words', async () => {
    await alice.page.goto(`/w/${ws.slug}/members`);
    await expect(alice.page.getByRole('row', { name: 'Boris Present' })).toContainText('Away');
    await expectAccessible(alice.page);
  });

  await test.step('closing the app takes the person offline', async () => {
    await bob.ctx.close();
    await alice.page.goto(`/w/${ws.slug}/c/${dm.id}`);
    await expect(link).toHaveAccessibleName(/Boris Present\s*\(offline\)/, { timeout: 15_000 });
  });
  await alice.ctx.close();
});
