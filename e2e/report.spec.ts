import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { api, expectAccessible, person, uniq, workspaceWith } from './support';

// The console's Compliance report: what an owner has set up (a retention rule, a legal hold) shows
// as in force, with its evidence and the GDPR, HIPAA and SOC 2 controls it answers; the report
// downloads as the API's JSON, named after the workspace and the period. Members have no report.

interface Retention {
  runs: { status: string }[];
}

test('an owner reads the compliance report and downloads it as JSON', async ({ browser }) => {
  const owner = await person(browser, 'Cora Compliance');
  const member = await person(browser, 'Mel Member');
  const ws = await workspaceWith(owner, 'Report', member);
  const page = owner.page;
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);

  // A message (so the workspace has its data key), a 30-day rule and a sweep that has run since,
  // and a hold on the whole workspace.
  const general = (
    await api<{ id: string; isDefault: boolean }[]>(page, 'channel.list', { workspaceId: ws.id }, 'query')
  ).find((c) => c.isDefault)!;
  await api(page, 'message.send', {
    workspaceId: ws.id,
    conversationId: general.id,
    clientMsgId: uniq('report'),
    body: 'The minutes of the board meeting',
  });
  await api(page, 'compliance.setRetention', { workspaceId: ws.id, messageDays: 30 });
  await api(page, 'compliance.placeHold', {
    workspaceId: ws.id,
    scope: 'workspace',
    reason: 'Case 2026-21: records request',
  });
  // An API key that never expires: the access review asks for a look.
  await api(page, 'apiKey.create', {
    workspaceId: ws.id,
    name: 'Nightly backup',
    scopes: ['workspace:read'],
  });
  await api(page, 'compliance.runRetention', { workspaceId: ws.id });
  await expect
    .poll(
      async () =>
        (await api<Retention>(page, 'compliance.retention', { workspaceId: ws.id }, 'query')).runs[0]?.status,
      { timeout: 30_000 },
    )
    .toBe('done');

  await page.goto(`/admin/${ws.slug}`);
  await page
    .getByRole('navigation', { name: 'Admin console' })
    .getByRole('link', { name: 'Compliance report', exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`/admin/${ws.slug}/report$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Compliance report' })).toBeVisible();
  await expect(page).toHaveTitle('Compliance report · Admin console · Enclave');

  await test.step('the header names the workspace, the last 30 days and who generated it', async () => {
    const main = page.getByRole('main');
    // The console's menu names the workspace too: this is the report's own header.
    await expect(page.locator('.report-head').getByText(ws.name, { exact: true })).toBeVisible();
    await expect(main.getByText(`Period: ${monthAgo} to ${today}`)).toBeVisible();
    await expect(main.getByText(/^Generated .+ by Cora Compliance$/)).toBeVisible();
    await expect(page.getByLabel('From (UTC)')).toHaveValue(monthAgo);
    await expect(page.getByLabel('To (UTC)')).toHaveValue(today);
    await expect(main.getByRole('button', { name: 'Print' })).toBeVisible();
  });

  await test.step('each section says its status in words, its controls and its facts', async () => {
    const encryption = page.getByRole('region', { name: 'Encryption at rest' });
    await expect(encryption.getByText('Status: In force', { exact: true })).toBeVisible();
    await expect(encryption.getByRole('listitem').filter({ hasText: /^GDPR Art\. 32\(1\)\(a\)/ })).toHaveText(
      'GDPR Art. 32(1)(a) · Encryption of personal data',
    );
    await expect(encryption.getByRole('table', { name: 'Key versions' })).toBeVisible();

    const retention = page.getByRole('region', { name: 'Retention' });
    await expect(retention.getByText('Status: In force', { exact: true })).toBeVisible();
    await expect(
      retention.getByRole('definition').filter({ hasText: 'deleted after 30 days' }),
    ).toBeVisible();
    await expect(retention.getByRole('alert')).toHaveCount(0);

    const holds = page.getByRole('region', { name: 'Legal holds' });
    await expect(holds.getByText('Status: In force', { exact: true })).toBeVisible();
    const row = holds.getByRole('table', { name: 'Holds in force' }).getByRole('row', {
      name: /the whole workspace/,
    });
    await expect(row).toContainText('Case 2026-21: records request');
    await expect(row).toContainText('Cora Compliance');

    // What needs attention says why, announced; what is in force has no alert.
    const access = page.getByRole('region', { name: 'Access review' });
    await expect(access.getByText('Status: Needs attention', { exact: true })).toBeVisible();
    await expect(access.getByRole('alert')).toContainText('An API key has no expiry.');
    await expect(access.getByRole('row')).toHaveCount(3);
    await expect(encryption.getByRole('alert')).toHaveCount(0);
    await expect(
      page
        .getByRole('listitem')
        .filter({ hasText: /^GDPR / })
        .first(),
    ).toBeVisible();
    await expectAccessible(page);
  });

  await test.step('"Download JSON" saves the report as the API returned it', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`enclave-compliance-${ws.slug}-${monthAgo}-${today}.json`);
    const report = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      workspace: { id: string };
      period: { from: string; to: string };
      sections: { id: string; status: string }[];
    };
    expect(report.workspace.id).toBe(ws.id);
    expect(report.period).toEqual({ from: monthAgo, to: today });
    expect(report.sections).toHaveLength(8);
    expect(report.sections.slice(0, 3)).toMatchObject([
      { id: 'encryption', status: 'in_force' },
      { id: 'retention', status: 'in_force' },
      { id: 'holds', status: 'in_force' },
    ]);
  });

  await test.step('another range is asked for and shown', async () => {
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    const weekAgo = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    await expect(page.getByRole('main').getByText(`Period: ${weekAgo} to ${today}`)).toBeVisible();
  });

  await test.step('printed, only the report is on the page, black on white', async () => {
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    await expect(page.getByRole('navigation', { name: 'Admin console' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Download JSON' })).toBeHidden();
    await expect(page.getByRole('form', { name: 'Date range' })).toBeHidden();
    const part = page.getByRole('region', { name: 'Legal holds' });
    await expect(part).toBeVisible();
    await expect(part).toHaveCSS('break-inside', 'avoid');
    await expect(part.getByRole('heading', { name: 'Legal holds' })).toHaveCSS('color', 'rgb(0, 0, 0)');
    await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
    await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
    await expect(page.getByRole('button', { name: 'Download JSON' })).toBeVisible();
  });

  await test.step('a member has no report page, and the server refuses them', async () => {
    const m = member.page;
    await m.goto(`/admin/${ws.slug}/report`);
    await expect(m.getByRole('heading', { name: 'You need the admin role' })).toBeVisible();
    await expect(
      api(m, 'compliance.report', { workspaceId: ws.id, from: monthAgo, to: today }, 'query'),
    ).rejects.toThrow(/failed: 403/);
  });
  await member.ctx.close();
  await owner.ctx.close();
});
