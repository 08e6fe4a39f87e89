import { expect, test } from '@playwright/test';
import { api, expectAccessible, join, person, workspaceWith } from './support';

// The console's settings as an owner and an admin use them: parts of their own, and archiving.

test('an owner archives the workspace after typing its name, and restores it', async ({ browser }) => {
  const owner = await person(browser, 'Olive Owner');
  const admin = await person(browser, 'Adam Admin');
  const ws = await workspaceWith(owner, 'Archive');
  await join(owner, admin, ws, 'admin');
  const page = owner.page;

  await page.goto(`/admin/${ws.slug}/settings`);
  const zone = page.getByRole('region', { name: 'Archive the workspace' });
  await zone.getByRole('button', { name: 'Archive workspace…' }).click();
  const confirm = zone.getByRole('button', { name: `Archive ${ws.name}` });
  // Nothing happens until the name is typed exactly.
  await expect(confirm).toBeDisabled();
  await zone.getByLabel(/to confirm/).fill(ws.name.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await zone.getByRole('button', { name: 'Cancel' }).click();
  await expect(zone.getByLabel(/to confirm/)).toHaveCount(0);
  const before = await api<{ archivedAt: string | null }>(
    page,
    'workspace.get',
    { workspaceId: ws.id },
    'query',
  );
  expect(before.archivedAt).toBeNull();

  await zone.getByRole('button', { name: 'Archive workspace…' }).click();
  await zone.getByLabel(/to confirm/).fill(ws.name);
  await expectAccessible(page);
  await confirm.click();
  const archived = page.getByRole('region', { name: 'This workspace is archived' });
  await expect(archived).toBeVisible();
  const after = await api<{ archivedAt: string | null }>(
    page,
    'workspace.get',
    { workspaceId: ws.id },
    'query',
  );
  expect(after.archivedAt).not.toBeNull();
  // Archived means read-only for everyone, the owner included.
  await expect(api(page, 'workspace.update', { workspaceId: ws.id, name: 'Renamed' })).rejects.toThrow(
    /archived/,
  );

  await test.step('an admin sees the section but only an owner may archive', async () => {
    await admin.page.goto(`/admin/${ws.slug}/settings`);
    await expect(admin.page.getByText(`Only an owner of ${ws.name} can archive it.`)).toBeVisible();
    await expect(admin.page.getByRole('button', { name: /Archive workspace|Restore/ })).toHaveCount(0);
  });

  await archived.getByRole('button', { name: 'Restore the workspace' }).click();
  await expect(page.getByRole('region', { name: 'Archive the workspace' })).toBeVisible();
  await api(page, 'workspace.update', { workspaceId: ws.id, name: `${ws.name} again` });
  await owner.ctx.close();
  await admin.ctx.close();
});

test('record links: a URL template per record type, checked as typed, kept after a reload', async ({
  browser,
}) => {
  const owner = await person(browser, 'Rhea Records');
  const ws = await workspaceWith(owner, 'Links');
  const page = owner.page;
  await api(page, 'channel.getOrCreateBySubject', {
    workspaceId: ws.id,
    subject: { type: 'invoice', id: '7' },
  });
  await page.goto(`/admin/${ws.slug}/settings`);
  const form = page.getByRole('form', { name: 'Record links' });
  await expect(form.getByText('No record links yet.')).toBeVisible();
  await form.getByRole('button', { name: 'Add a record type' }).click();
  // The types in use are suggested.
  await expect(form.locator('datalist option[value="invoice"]')).toHaveCount(1);
  await form.getByLabel('Record type').fill('invoice');
  await form.getByLabel('Page address').fill('https://shop.example/invoices/');
  await form.getByRole('button', { name: 'Save record links' }).click();
  await expect(form.getByLabel('Page address')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('A web address starting with https:// and containing {id}')).toBeVisible();
  const before = await api<{ settings: { recordLinks: object } }>(
    page,
    'workspace.get',
    { workspaceId: ws.id },
    'query',
  );
  expect(before.settings.recordLinks).toEqual({});

  await form.getByLabel('Page address').fill('https://shop.example/invoices/{id}');
  await form.getByRole('button', { name: 'Save record links' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await expectAccessible(page);
  await page.reload();
  await expect(form.getByLabel('Page address')).toHaveValue('https://shop.example/invoices/{id}');
  await form.getByRole('button', { name: 'Remove the link of invoice' }).click();
  await form.getByRole('button', { name: 'Save record links' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  const after = await api<{ settings: { recordLinks: object } }>(
    page,
    'workspace.get',
    { workspaceId: ws.id },
    'query',
  );
  expect(after.settings.recordLinks).toEqual({});
  await owner.ctx.close();
});
