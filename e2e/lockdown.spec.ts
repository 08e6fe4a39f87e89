import { expect, test } from '@playwright/test';
import { expectAccessible, person, workspaceWith } from './support';

// An owner locks the workspace down from the console's Security page: a member's open chat turns
// read-only at once (banner, no composer), or gives way to a notice in a full lockdown, and comes
// back by itself when the owner lifts it. The page lists the lockdown afterwards.

test('a lockdown from the Security page reaches a member’s open chat, and lifting it brings it back', async ({
  browser,
}) => {
  const owner = await person(browser, 'Lena Lockdown');
  const member = await person(browser, 'Mark Member');
  const ws = await workspaceWith(owner, 'Locked', member);
  const admin = owner.page;
  const chat = member.page;
  await chat.goto(`/w/${ws.slug}`);
  const composer = chat.getByLabel('Message #general', { exact: true });
  await expect(composer).toBeVisible();

  await admin.goto(`/admin/${ws.slug}/security`);
  const part = admin.getByRole('region', { name: 'Emergency lockdown' });
  await expect(part.getByText('No earlier lockdowns.')).toBeVisible();

  await test.step('read-only: the member reads but cannot write', async () => {
    await part.getByRole('button', { name: 'Lock down' }).click();
    await part.getByRole('button', { name: 'Yes, lock it down' }).click();
    // Nothing was said about why: the reason is required.
    await expect(part.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
    await part.getByLabel('Reason').fill('Checking a leak');
    await part.getByLabel('For').selectOption({ label: '15 minutes' });
    await part.getByRole('button', { name: 'Lock down' }).click();
    await part.getByRole('button', { name: 'Yes, lock it down' }).click();
    await expect(part.getByRole('heading', { name: /^Read-only lockdown until / })).toBeVisible();
    await expect(part.getByText('“Checking a leak”, started by Lena Lockdown')).toBeVisible();
    await expectAccessible(admin);

    const banner = chat.getByTestId('lockdown-banner');
    await expect(banner).toContainText('This workspace is locked down until');
    await expect(banner).toContainText('Checking a leak. Only admins can write in it until then.');
    await expect(composer).toHaveCount(0);
    await expect(chat.locator('.composer-disabled')).toContainText('Only admins can write in it until then.');
    await expectAccessible(chat);
  });

  await test.step('lifted: the composer comes back without a reload', async () => {
    await part.getByRole('button', { name: 'Lift the lockdown' }).click();
    await part.getByRole('button', { name: 'Yes' }).click();
    await expect(part.getByRole('status')).toHaveText('The lockdown is lifted.');
    await expect(chat.getByTestId('lockdown-banner')).toHaveCount(0);
    await composer.fill('back to normal');
    await composer.press('Enter');
    await expect(chat.getByText('back to normal')).toBeVisible();
  });

  await test.step('full: the member sees why instead of the workspace, until it is lifted', async () => {
    await part.getByLabel('Full').check();
    await part.getByLabel('Reason').fill('Incident drill');
    await part.getByRole('button', { name: 'Lock down' }).click();
    await part.getByRole('button', { name: 'Yes, lock it down' }).click();
    await expect(part.getByRole('heading', { name: /^Full lockdown until / })).toBeVisible();
    await expect(chat.getByRole('heading', { level: 1, name: `${ws.name} is locked down` })).toBeVisible();
    await expect(chat.getByText('Incident drill. Only admins can open it until then.')).toBeVisible();
    await expectAccessible(chat);
    // The owner lifts a full one alone (an admin would need a second admin).
    await part.getByRole('button', { name: 'Lift the lockdown' }).click();
    await part.getByRole('button', { name: 'Yes' }).click();
    await expect(composer).toBeVisible();
    // The overview's timeline has both, and its cards count them.
    const overview = admin.getByRole('region', { name: 'Overview' });
    await expect(
      overview.getByRole('list', { name: 'Lockdowns and quarantines' }).getByRole('listitem'),
    ).toHaveCount(2);
    await expect(overview.getByRole('group', { name: 'Lockdowns and quarantines' })).toContainText('2');
    await expectAccessible(admin);
    await part.getByText('Earlier lockdowns (2)').click();
    await expect(
      part.getByRole('row', { name: /Incident drill Lena Lockdown .*\(lifted by Lena Lockdown\)/ }),
    ).toBeVisible();
  });
});

test('an admin quarantines a member from the members page; their open chat shows why until released', async ({
  browser,
}) => {
  const owner = await person(browser, 'Quinn Quarantine');
  const member = await person(browser, 'Sam Spammer');
  const ws = await workspaceWith(owner, 'Quarantined', member);
  const admin = owner.page;
  const chat = member.page;
  await chat.goto(`/w/${ws.slug}`);
  await expect(chat.getByLabel('Message #general', { exact: true })).toBeVisible();

  await admin.goto(`/admin/${ws.slug}/members`);
  const row = admin.getByRole('row', { name: member.name });
  await row.getByText(`Quarantine ${member.name}`).click();
  const form = row.getByRole('form', { name: `Quarantine ${member.name}` });
  await form.getByLabel('Reason').fill('Posting spam links');
  await form.getByLabel('For').selectOption({ label: '1 hour' });
  await form.getByRole('button', { name: `Put ${member.name} in quarantine` }).click();
  await expect(row.getByText(/^In quarantine until /)).toBeVisible();
  await expectAccessible(admin);

  await expect(
    chat.getByRole('heading', { level: 1, name: `You are in quarantine in ${ws.name}` }),
  ).toBeVisible();
  await expect(chat.getByText('Posting spam links. You cannot use it until then.')).toBeVisible();
  await expectAccessible(chat);

  await row.getByRole('button', { name: `Release ${member.name}` }).click();
  await expect(row.getByText(`Quarantine ${member.name}`)).toBeVisible();
  await expect(chat.getByLabel('Message #general', { exact: true })).toBeVisible();
});

test('in a quarantine that holds, the member reads on and what they send waits for a moderator', async ({
  browser,
}) => {
  const owner = await person(browser, 'Hana Holds');
  const member = await person(browser, 'Pat Probation');
  const ws = await workspaceWith(owner, 'Probation', member);
  const admin = owner.page;
  const chat = member.page;

  await admin.goto(`/admin/${ws.slug}/security`);
  const policy = admin.getByRole('form', { name: 'Security policy' });
  await policy.getByLabel('In quarantine, members read on and their messages wait for review').check();
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await expect(policy.getByRole('status')).toHaveText('Saved (version 1)');

  await chat.goto(`/w/${ws.slug}`);
  const box = chat.getByLabel('Message #general', { exact: true });
  await expect(box).toBeVisible();
  await admin.goto(`/admin/${ws.slug}/members`);
  const row = admin.getByRole('row', { name: member.name });
  await row.getByText(`Quarantine ${member.name}`).click();
  const form = row.getByRole('form', { name: `Quarantine ${member.name}` });
  await form.getByLabel('Reason').fill('Too many links');
  await form.getByLabel('For').selectOption({ label: '1 hour' });
  await form.getByRole('button', { name: `Put ${member.name} in quarantine` }).click();
  await expect(row.getByText(/^In quarantine until /)).toBeVisible();

  // The chat stays, with a banner that says what still works.
  await expect(chat.getByTestId('lockdown-banner')).toContainText(
    'Too many links. You can read, and your messages wait for a moderator',
  );
  await expect(box).toBeVisible();
  await expectAccessible(chat);
  const body = `on probation ${Date.now()}`;
  await box.fill(body);
  await box.press('Enter');
  await expect(chat.getByRole('status').filter({ hasText: 'Waiting for review: a moderator' })).toBeVisible();

  await admin.goto(`/admin/${ws.slug}/moderation`);
  const card = admin
    .getByRole('list', { name: /reviews$/ })
    .getByRole('listitem', { name: `${member.name} in #general` });
  await expect(card).toContainText('Author in quarantine');
  await expect(card).toContainText(body);
  for (const p of [owner, member]) await p.ctx.close();
});
