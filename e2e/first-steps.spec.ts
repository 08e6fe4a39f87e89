import { expect, test } from '@playwright/test';
import { api, expectAccessible, join, person, uniq, type Ws } from './support';

// A new workspace as its creator first sees it, and the first steps of the people who join it.

test('a new workspace opens with “invite your team” and a short checklist that ticks itself off', async ({
  browser,
}) => {
  const owner = await person(browser, 'Fay Founder');
  const ws = await api<Ws>(owner.page, 'workspace.create', { name: uniq('Fresh') });
  const page = owner.page;
  await page.goto(`/w/${ws.slug}`);
  const card = page.getByRole('region', { name: /^Get .* started$/ });
  await expect(card).toBeVisible();
  await expect(card.getByRole('listitem').filter({ hasText: 'Invite your team' })).toContainText('(to do)');
  await expect(card.getByRole('link', { name: 'Put the chat widget on your site' })).toHaveAttribute(
    'href',
    `/admin/${ws.slug}/settings/widget`,
  );
  await expectAccessible(page);

  await test.step('the invitation is made right there; once someone joins, the card goes', async () => {
    await card.getByRole('button', { name: 'Create invite link' }).click();
    const link = await card.getByLabel(/Invite link/).inputValue();
    expect(link).toMatch(/\/invite\/inv_/);
    const friend = await person(browser, 'Gus Joiner');
    await friend.page.goto(link);
    await expect(friend.page.getByText(`Fay Founder invited you to join`)).toBeVisible();
    await friend.page.getByRole('button', { name: /^Join / }).click();
    await expect(friend.page).toHaveURL(new RegExp(`/w/${ws.slug}$`));
    // The newcomer is no admin: no checklist for them.
    await expect(friend.page.getByRole('region', { name: /^Get / })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('region', { name: /^Get / })).toHaveCount(0);
    await friend.ctx.close();
  });
  await owner.ctx.close();
});

test('“Join” on a channel opens it; a guest is not told to create channels', async ({ browser }) => {
  const owner = await person(browser, 'Hal Host');
  const member = await person(browser, 'Ida Member');
  const guest = await person(browser, 'Jo Guest');
  const ws = await api<Ws>(owner.page, 'workspace.create', { name: uniq('Joiners') });
  for (const [p, role] of [
    [member, 'member'],
    [guest, 'guest'],
  ] as const)
    await join(owner, p, ws, role);
  await api(owner.page, 'channel.create', { workspaceId: ws.id, name: 'roadmap', topic: 'What comes next' });

  await member.page.goto(`/w/${ws.slug}`);
  await member.page.getByText(/^Browse channels/).click();
  await member.page.getByRole('button', { name: 'Join #roadmap' }).click();
  await expect(member.page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  await expect(member.page.getByRole('heading', { name: '#roadmap' })).toBeVisible();
  await expect(member.page.getByLabel('Message #roadmap', { exact: true })).toBeVisible();

  await guest.page.goto(`/w/${ws.slug}`);
  await expect(guest.page.getByText(/a member can add you to one/)).toBeVisible();
  await expect(guest.page.getByText('Create a channel or start a direct message')).toHaveCount(0);
  await expectAccessible(guest.page);
  for (const p of [owner, member, guest]) await p.ctx.close();
});

test('on a phone the checklist stays short: the invitation waits behind a disclosure', async ({
  browser,
}) => {
  const owner = await person(browser, 'Pia Pocket');
  const ws = await api<Ws>(owner.page, 'workspace.create', { name: uniq('Pocket') });
  const ctx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: await owner.ctx.storageState(),
  });
  const page = await ctx.newPage();
  await page.goto(`/w/${ws.slug}`);
  const card = page.getByRole('region', { name: /^Get .* started$/ });
  await expect(card).toBeVisible();
  // The conversation's composer stays on the first screen, below the card.
  const box = (await card.boundingBox())!;
  expect(box.height).toBeLessThan(844 / 3);
  await expect(page.getByLabel('Message #general', { exact: true })).toBeInViewport();
  await expect(card.getByRole('button', { name: 'Create invite link' })).toBeHidden();
  await expectAccessible(page);

  await card.getByText('Invite your team by link').click();
  await card.getByRole('button', { name: 'Create invite link' }).click();
  await expect(card.getByLabel(/Invite link/)).toHaveValue(/\/invite\/inv_/);
  await ctx.close();
  await owner.ctx.close();
});
