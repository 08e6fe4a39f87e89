import { expect, test, type Page } from '@playwright/test';
import { api, expectAccessible, person, uniq, type Person, type Ws } from './support';

// The members screen is one implementation in the web app and the console: an admin who is not
// an owner is offered exactly what the role ladder lets them do, on both, and removal asks first.

async function join(owner: Person, p: Person, ws: Ws, role: string) {
  const inv = await api<{ token: string }>(owner.page, 'member.invite', { workspaceId: ws.id, role });
  await api(p.page, 'member.accept', { token: inv.token });
}

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
