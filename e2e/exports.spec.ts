import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { api, expectAccessible, join, person, uniq, workspaceWith } from './support';

// The console's Exports page: an owner asks for an export in every format, watches it being built
// and downloads the ZIP; the server's errors are shown at their fields; another admin sees the
// export listed without a link (only the requester downloads it).

interface Export {
  id: string;
  status: string;
  options: { formats: string[] };
  downloadPath: string | null;
}

const exportsOf = (page: Page, workspaceId: string) =>
  api<Export[]>(page, 'compliance.exports', { workspaceId }, 'query');
const nav = (page: Page) => page.getByRole('navigation', { name: 'Admin console' });

test('an owner exports the workspace in every format and downloads the ZIP', async ({ browser }) => {
  const owner = await person(browser, 'Esme Export');
  const admin = await person(browser, 'Adam Admin');
  const ws = await workspaceWith(owner, 'Exports');
  await join(owner, admin, ws, 'admin');
  const page = owner.page;
  const general = (
    await api<{ id: string; isDefault: boolean }[]>(page, 'channel.list', { workspaceId: ws.id }, 'query')
  ).find((c) => c.isDefault)!;
  for (const body of ['The contract is signed.', 'Invoices go out on Friday.'])
    await api(page, 'message.send', {
      workspaceId: ws.id,
      conversationId: general.id,
      clientMsgId: uniq('m'),
      body,
    });

  // What the socket brings: the export's progress reaches its requester as it is built.
  const progress: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"export:progress"')) progress.push(payload);
    }),
  );
  await page.goto(`/admin/${ws.slug}`);
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  await nav(page).getByRole('link', { name: 'Exports', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/${ws.slug}/exports$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Exports' })).toBeVisible();
  await expect(page).toHaveTitle('Exports · Admin console · Enclave');

  const form = page.getByRole('form', { name: 'New export' });
  const list = page.getByRole('region', { name: 'Exports', exact: true });
  const formats = form.getByRole('group', { name: 'Formats' });
  const start = form.getByRole('button', { name: 'Start export' });

  await test.step('empty at first; NDJSON and HTML are chosen by default', async () => {
    await expect(list.getByText(/^No exports yet\./)).toBeVisible();
    await expect(form.getByLabel('All conversations')).toBeChecked();
    await expect(form.getByLabel('Include deleted messages')).not.toBeChecked();
    await expect(formats.getByLabel(/^NDJSON/)).toBeChecked();
    await expect(formats.getByLabel(/^HTML/)).toBeChecked();
    await expect(formats.getByLabel(/^CSV/)).not.toBeChecked();
    await expect(formats.getByLabel(/^EML/)).not.toBeChecked();
    await expectAccessible(page);
  });

  await test.step("the server's errors are shown at their fields, and nothing is asked for", async () => {
    await formats.getByLabel(/^NDJSON/).uncheck();
    await formats.getByLabel(/^HTML/).uncheck();
    await start.click();
    await expect(formats).toHaveAttribute('aria-invalid', 'true');
    await expect(formats).toHaveAccessibleDescription('Choose at least one format');

    for (const f of [/^NDJSON/, /^CSV/, /^EML/, /^HTML/]) await formats.getByLabel(f).check();
    await form.getByLabel('From', { exact: true }).fill('2026-02-10');
    await form.getByLabel('To', { exact: true }).fill('2026-02-01');
    await start.click();
    await expect(form.getByLabel('To', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByLabel('To', { exact: true })).toHaveAccessibleDescription(
      /The end is before the start/,
    );
    await expect(formats).not.toHaveAttribute('aria-invalid', 'true');

    // Some channels, none chosen: said at the field.
    await form.getByLabel('Only some channels').check();
    await form.getByLabel('From', { exact: true }).fill('');
    await form.getByLabel('To', { exact: true }).fill('');
    await start.click();
    await expect(form.getByLabel('Channels', { exact: true })).toHaveAccessibleDescription(
      'Choose at least one channel',
    );
    expect(await exportsOf(page, ws.id)).toEqual([]);
    await form.getByLabel('All conversations').check();
  });

  await test.step('an export in all four formats is built, and its progress shows live', async () => {
    await start.click();
    await expect(form.getByRole('status')).toContainText('The export is asked for');
    const row = list.getByRole('row').filter({ hasText: 'Esme Export' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('NDJSON, CSV, EML, HTML');
    await expect(row).toContainText('All dates');
    await expect(row.getByRole('cell').nth(3)).toHaveText(/^(Queued|Running|Done)/);
    await expect(row).toContainText('Done', { timeout: 30_000 });
    await expect(row).toContainText(/2 messages, \d+ conversations?/);
    await expect(row).toContainText(/\d+(\.\d)? (bytes|KB|MB)/);
    await expect(row.getByRole('progressbar')).toHaveCount(0);
    expect(progress.some((f) => f.includes('"status":"running"'))).toBe(true);
    expect(progress.some((f) => f.includes('"status":"done"'))).toBe(true);
    const [made] = await exportsOf(page, ws.id);
    expect(made).toMatchObject({ status: 'done', options: { formats: ['ndjson', 'csv', 'eml', 'html'] } });
    expect(made?.downloadPath).toMatch(/\/download$/);
    await expectAccessible(page);
  });

  await test.step('the requester downloads it: a ZIP, named as one', async () => {
    const link = list.getByRole('link', { name: /^Download/ });
    await expect(link).toHaveAttribute('download', '');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^enclave-export-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.zip$/);
    const file = await readFile(await download.path());
    expect(file.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(file.length).toBeGreaterThan(100);
  });

  await test.step('another admin sees it listed, without a link', async () => {
    const a = admin.page;
    await a.goto(`/admin/${ws.slug}/exports`);
    const row = a
      .getByRole('region', { name: 'Exports', exact: true })
      .getByRole('row')
      .filter({ hasText: 'Esme Export' });
    await expect(row).toContainText('Done');
    await expect(row).toContainText('Only Esme Export');
    await expect(row.getByRole('link')).toHaveCount(0);
    expect((await exportsOf(a, ws.id))[0]?.downloadPath).toBeNull();
  });
  await admin.ctx.close();
  await owner.ctx.close();
});
