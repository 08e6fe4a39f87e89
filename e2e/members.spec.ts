import { expect, test, type Page } from '@playwright/test';
import { inSeconds, signIdentity } from './host-page';
import { api, BASE, expectAccessible, join, person, uniq, type Person, type Ws } from './support';

// The members screen is one implementation in the web app and the console: an admin who is not
// an owner is offered exactly what the role ladder lets them do, on both, and removal asks first.

async function expectAdminsChoices(page: Page, owner: Person, member: Person) {
  const table = page.getByRole('table', { name: 'Members' });
  await expect(table.getByRole('columnheader', { name: 'Last seen' })).toBeVisible();
  // Below admin only: admins neither grant admin nor touch owners.
  await expect(page.getByLabel(`Role of ${member.name}`).locator('option')).toHaveText([
    'moderator',
    'member',
    'guest',
  ]);
  const ownerRow = table.getByRole('row', { name: owner.name });
  await expect(ownerRow).toContainText('owner');
  await expect(ownerRow.getByRole('combobox')).toHaveCount(0);
  await expect(ownerRow.getByRole('button')).toHaveCount(0);
  await expect(page.getByLabel('Role for the invitee').locator('option')).toHaveText([
    'moderator',
    'member',
    'guest',
  ]);
}

test('an admin manages members within the role ladder, in the web app and the console', async ({
  browser,
}) => {
  const owner = await person(browser, 'Olga Owner');
  const admin = await person(browser, 'Adam Admin');
  const member = await person(browser, 'Mia Member');
  const ws = await api<Ws>(owner.page, 'workspace.create', { name: `Members ${uniq('ws')}` });
  await join(owner, admin, ws, 'admin');
  await join(owner, member, ws, 'member');
  const a = admin.page;

  await test.step('the web app: the choices the ladder allows, accessible', async () => {
    await a.goto(`/w/${ws.slug}/members`);
    await expect(a.getByText('Your role: admin')).toBeVisible();
    await expectAdminsChoices(a, owner, member);
    await expectAccessible(a);
  });

  await test.step('the console: the same choices', async () => {
    await a.goto(`/admin/${ws.slug}/members`);
    await expect(a.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
    await expectAdminsChoices(a, owner, member);
  });

  await test.step('removing asks first, then the member is gone', async () => {
    await a.goto(`/w/${ws.slug}/members`);
    const row = a.getByRole('table', { name: 'Members' }).getByRole('row', { name: member.name });
    await row.getByRole('button', { name: `Remove ${member.name}` }).click();
    await expect(row.getByRole('group', { name: `Remove ${member.name} from` })).toBeVisible();
    await row.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: `Remove ${member.name}` }).click();
    await row.getByRole('button', { name: 'Yes, remove' }).click();
    await expect(row).toBeHidden();
  });

  for (const p of [owner, admin, member]) await p.ctx.close();
});

test('widget visitors stay out of the members list until asked for, and out of the new-message picker', async ({
  browser,
  request,
}) => {
  const owner = await person(browser, 'Vera Owner');
  const member = await person(browser, 'Milo Member');
  const ws = await api<Ws>(owner.page, 'workspace.create', { name: `Visitors ${uniq('ws')}` });
  await join(owner, member, ws, 'member');
  const host = 'https://shop.example';
  await api(owner.page, 'widget.update', { workspaceId: ws.id, enabled: true, allowedOrigins: [host] });
  const { secret } = await api<{ secret: string }>(owner.page, 'widget.rotateSecret', { workspaceId: ws.id });
  // A visitor as the widget frame makes one: a signed identity exchanged from the app's origin.
  const visitor = 'Wendy Widget';
  const token = signIdentity(secret, { sub: uniq('host-user'), name: visitor, exp: inSeconds(600) });
  const session = await request.post('/api/trpc/widget.session', {
    data: { workspace: ws.slug, hostOrigin: host, token },
    headers: { origin: BASE },
  });
  expect(session.status(), await session.text()).toBe(200);
  const page = owner.page;

  await test.step('the members page lists the visitor, labelled, only once the box is ticked', async () => {
    await page.goto(`/w/${ws.slug}/members`);
    const table = page.getByRole('table', { name: 'Members' });
    await expect(table.getByRole('row', { name: member.name })).toBeVisible();
    const row = table.getByRole('row', { name: visitor });
    await expect(row).toHaveCount(0);
    const toggle = page.getByRole('checkbox', { name: 'Show widget visitors' });
    await expect(toggle).not.toBeChecked();
    await toggle.check();
    await expect(row).toBeVisible();
    await expect(row.getByRole('rowheader')).toContainText('Visitor');
    await expect(table.getByRole('row', { name: member.name })).toBeVisible();
    await expectAccessible(page);
    await toggle.uncheck();
    await expect(row).toHaveCount(0);
  });

  await test.step('the new-message picker offers the team, not the visitor', async () => {
    await page.goto(`/w/${ws.slug}`);
    await page.getByText('New direct message').click();
    const picker = page.getByRole('group', { name: 'With (up to 7)' });
    await expect(picker.getByRole('checkbox', { name: member.name })).toBeVisible();
    await expect(picker.getByRole('checkbox')).toHaveCount(1);
    await expect(page.getByRole('checkbox', { name: visitor })).toHaveCount(0);
  });

  await test.step("search's author filter offers the visitor only when asked", async () => {
    await page.goto(`/w/${ws.slug}/search`);
    const author = page.getByLabel('Author');
    await expect(author.locator('option', { hasText: member.name })).toHaveCount(1);
    await expect(author.locator('option', { hasText: visitor })).toHaveCount(0);
    await page.getByRole('checkbox', { name: 'Include widget visitors' }).check();
    await expect(author.locator('option', { hasText: `${visitor} (visitor)` })).toHaveCount(1);
  });

  for (const p of [owner, member]) await p.ctx.close();
});
