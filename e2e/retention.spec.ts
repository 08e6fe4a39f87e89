import { expect, test, type Page } from '@playwright/test';
import { api, expectAccessible, join, person, uniq, workspaceWith } from './support';

// The console's Retention page: an owner sets how long the workspace keeps messages, gives a
// channel a rule of its own and takes it away again, places a legal hold on a channel and releases
// it (after a question), and runs the sweep, whose run is listed once it is done. Only the owner
// sets how long the audit log keeps entries; admins read it.

interface Retention {
  messageDays: number | null;
  channels: { conversationId: string; messageDays: number | null }[];
  runs: { status: string }[];
}
interface AuditRetention {
  days: number;
  isDefault: boolean;
  prunedBefore: { seq: string } | null;
}
interface Hold {
  id: string;
  conversationId: string | null;
  releasedAt: string | null;
}

const retentionOf = (page: Page, workspaceId: string) =>
  api<Retention>(page, 'compliance.retention', { workspaceId }, 'query');
const holdsOf = (page: Page, workspaceId: string, released = false) =>
  api<Hold[]>(page, 'compliance.holds', { workspaceId, released }, 'query');
const nav = (page: Page) => page.getByRole('navigation', { name: 'Admin console' });

test('an owner sets retention, a channel’s own rule and a legal hold, and runs the sweep', async ({
  browser,
}) => {
  const owner = await person(browser, 'Rhea Retention');
  const member = await person(browser, 'Max Member');
  const ws = await workspaceWith(owner, 'Retention', member);
  const page = owner.page;
  const channel = await api<{ id: string; name: string }>(page, 'channel.create', {
    workspaceId: ws.id,
    name: uniq('contracts'),
    isPrivate: false,
  });
  const tag = `#${channel.name}`;

  await page.goto(`/admin/${ws.slug}`);
  await nav(page).getByRole('link', { name: 'Retention', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/${ws.slug}/retention$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Retention' })).toBeVisible();
  await expect(page).toHaveTitle('Retention · Admin console · Enclave');

  const messages = page.getByRole('region', { name: 'Messages' });
  const channels = page.getByRole('region', { name: 'Channels with their own rule' });
  const holds = page.getByRole('region', { name: 'Legal holds' });
  const sweeps = page.getByRole('region', { name: 'Sweeps' });

  await test.step('the workspace keeps messages for 30 days; a server error is shown at its field', async () => {
    await expect(messages.getByText('No rule is set: messages are kept for ever.')).toBeVisible();
    await expect(messages.getByText(/A sweep runs every hour/)).toContainText(
      'Legal holds keep what they cover',
    );
    await expect(messages.getByLabel('Keep messages for ever')).toBeChecked();
    await expect(channels.getByText('No channel has a rule of its own.')).toBeVisible();
    await expect(holds.getByText('No legal holds.')).toBeVisible();
    await expect(sweeps.getByText('No sweep has run yet.')).toBeVisible();
    await expectAccessible(page);

    await messages.getByLabel('Delete messages older than a number of days').check();
    const days = messages.getByLabel('Days', { exact: true });
    await days.fill('0');
    const save = messages.getByRole('button', { name: "Save the workspace's rule" });
    await save.click();
    await expect(days).toHaveAttribute('aria-invalid', 'true');
    await expect(days).toHaveAccessibleDescription(/At least 1 day/);
    expect((await retentionOf(page, ws.id)).messageDays).toBeNull();

    await days.fill('30');
    await save.click();
    await expect(messages.getByRole('status')).toHaveText('Saved.');
    await expect(days).not.toHaveAttribute('aria-invalid', 'true');
    await expect(messages.getByText(/^Set by Rhea Retention on /)).toBeVisible();
    expect((await retentionOf(page, ws.id)).messageDays).toBe(30);

    await page.reload();
    await expect(messages.getByLabel('Delete messages older than a number of days')).toBeChecked();
    await expect(messages.getByLabel('Days', { exact: true })).toHaveValue('30');
  });

  await test.step('a channel gets its own rule, then follows the workspace again', async () => {
    const form = channels.getByRole('form', { name: 'Give a channel its own rule' });
    const save = form.getByRole('button', { name: "Save the channel's rule" });
    // No channel chosen: said at the field, nothing sent.
    await save.click();
    await expect(form.getByLabel('Channel', { exact: true })).toHaveAccessibleDescription('Choose a channel');
    await form.getByLabel('Channel', { exact: true }).selectOption({ label: tag });
    await form.getByLabel('Delete its messages older than a number of days').check();
    await form.getByLabel('Days', { exact: true }).fill('7');
    await save.click();
    await expect(form.getByRole('status')).toHaveText(`${tag} has its own rule now.`);
    const row = channels.getByRole('row', { name: new RegExp(tag) });
    await expect(row).toContainText('Kept for 7 days');
    await expect(row).toContainText('Rhea Retention');

    // Changed to for ever: the same row says so.
    await form.getByLabel('Keep its messages for ever').check();
    await save.click();
    await expect(row).toContainText('Kept for ever');
    expect((await retentionOf(page, ws.id)).channels).toMatchObject([
      { conversationId: channel.id, messageDays: null },
    ]);
    await expectAccessible(page);

    await row.getByRole('button', { name: `Follow the workspace (${tag})` }).click();
    await expect(channels.getByRole('status').first()).toHaveText(
      `${tag} follows the workspace's rule again.`,
    );
    await expect(channels.getByText('No channel has a rule of its own.')).toBeVisible();
    await expect(channels.getByRole('heading', { name: 'Channels with their own rule' })).toBeFocused();
    expect((await retentionOf(page, ws.id)).channels).toEqual([]);
  });

  await test.step('a legal hold on the channel is placed, listed, and released after a question', async () => {
    const form = holds.getByRole('form', { name: 'Place a legal hold' });
    await form.getByLabel('A channel').check();
    await form.getByLabel('Channel', { exact: true }).selectOption({ label: tag });
    await form.getByLabel('Reason').fill('Case 2026-14: supplier dispute');
    await form.getByRole('button', { name: 'Place hold' }).click();
    await expect(form.getByRole('status')).toHaveText(`The hold on ${tag} is placed.`);
    await expect(form.getByLabel('Reason')).toHaveValue('');
    const row = holds.getByRole('row', { name: new RegExp(tag) });
    await expect(row).toContainText('Case 2026-14: supplier dispute');
    await expect(row).toContainText('Rhea Retention');
    const [held] = await holdsOf(page, ws.id);
    expect(held).toMatchObject({ conversationId: channel.id, releasedAt: null });

    // The same channel held twice is refused, in the server's words.
    await form.getByLabel('Reason').fill('Again');
    await form.getByRole('button', { name: 'Place hold' }).click();
    await expect(form.getByRole('alert')).toContainText('This is already under a legal hold.');
    expect(await holdsOf(page, ws.id)).toHaveLength(1);
    await expectAccessible(page);

    // Asked first; "Cancel" keeps it.
    await row.getByRole('button', { name: 'Release' }).click();
    const question = row.getByRole('group', { name: new RegExp(`^Release the hold on ${tag}\\?`) });
    await expect(question.getByRole('button', { name: 'Yes, release it' })).toBeFocused();
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(row.getByRole('button', { name: 'Release' })).toBeFocused();
    await row.getByRole('button', { name: 'Release' }).click();
    await row.getByRole('button', { name: 'Yes, release it' }).click();
    await expect(holds.getByRole('status').first()).toHaveText(`The hold on ${tag} is released.`);
    await expect(holds.getByText('No legal holds.')).toBeVisible();
    expect(await holdsOf(page, ws.id)).toEqual([]);

    await holds.getByLabel('Show released holds').check();
    const released = holds.getByRole('row', { name: new RegExp(tag) });
    await expect(released).toContainText('released');
    await expect(released).toContainText(/Rhea Retention, .*Rhea Retention, /);
    await expect(released.getByRole('button', { name: 'Release' })).toHaveCount(0);
    await expectAccessible(page);
  });

  await test.step('the sweep runs on demand and its run is listed as done', async () => {
    await sweeps.getByRole('button', { name: 'Run the sweep now' }).click();
    await expect(sweeps.getByRole('status')).toHaveText(/The sweep is (asked for|running|done)/);
    await expect(sweeps.getByRole('status')).toHaveText(
      'The sweep is done. Deleted 0 of 0 expired, 0 kept by holds.',
      { timeout: 30_000 },
    );
    const row = sweeps.getByRole('row').filter({ hasText: 'Done' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Deleted 0 of 0 expired, 0 kept by holds');
    expect((await retentionOf(page, ws.id)).runs).toMatchObject([{ status: 'done' }]);
    await expectAccessible(page);
  });

  await test.step('a member has no Retention page', async () => {
    const m = member.page;
    await m.goto(`/admin/${ws.slug}/retention`);
    await expect(m.getByRole('heading', { name: 'You need the admin role' })).toBeVisible();
    await expect(m.getByRole('region', { name: 'Legal holds' })).toHaveCount(0);
    await expect(retentionOf(m, ws.id)).rejects.toThrow(/failed: 403/);
  });
  await member.ctx.close();
  await owner.ctx.close();
});

test('the owner sets how long the audit log keeps entries; an admin only reads it', async ({ browser }) => {
  const owner = await person(browser, 'Otto Owner');
  const admin = await person(browser, 'Ada Admin');
  const ws = await workspaceWith(owner, 'Audit retention');
  await join(owner, admin, ws, 'admin');
  const page = owner.page;
  const auditOf = async (p: Page) =>
    (await api<{ audit: AuditRetention }>(p, 'compliance.retention', { workspaceId: ws.id }, 'query')).audit;

  await page.goto(`/admin/${ws.slug}/retention`);
  const part = page.getByRole('region', { name: 'Audit log' });
  const form = part.getByRole('form', { name: "The audit log's retention" });
  const save = form.getByRole('button', { name: "Save the audit log's retention" });

  await test.step('seven years by default, nothing pruned yet', async () => {
    await expect(part.getByText('The audit log keeps entries for 7 years (the default).')).toBeVisible();
    await expect(part.getByText('Nothing pruned yet.')).toBeVisible();
    await expect(form.getByLabel('Keep them for 7 years (the default)')).toBeChecked();
    await expectAccessible(page);
  });

  await test.step("100 days is refused in the server's words, at the field", async () => {
    await form.getByLabel('Keep them for a number of days').check();
    const days = form.getByLabel('Days', { exact: true });
    await expect(days).toHaveValue('2557');
    await days.fill('100');
    await save.click();
    await expect(days).toHaveAttribute('aria-invalid', 'true');
    await expect(days).toHaveAccessibleDescription(
      /At least 365 days: audit evidence is kept for a year or more/,
    );
    expect(await auditOf(page)).toMatchObject({ days: 2557, isDefault: true });
    await expectAccessible(page);
  });

  await test.step('400 days is saved, kept after a reload, and the default comes back', async () => {
    const days = form.getByLabel('Days', { exact: true });
    await days.fill('400');
    await save.click();
    await expect(form.getByRole('status')).toHaveText('Saved.');
    await expect(days).not.toHaveAttribute('aria-invalid', 'true');
    await expect(part.getByText('The audit log keeps entries for 400 days.')).toBeVisible();
    expect(await auditOf(page)).toMatchObject({ days: 400, isDefault: false, prunedBefore: null });

    await page.reload();
    await expect(form.getByLabel('Keep them for a number of days')).toBeChecked();
    await expect(form.getByLabel('Days', { exact: true })).toHaveValue('400');

    await form.getByLabel('Keep them for 7 years (the default)').check();
    await save.click();
    await expect(form.getByRole('status')).toHaveText('Saved.');
    await expect(part.getByText('The audit log keeps entries for 7 years (the default).')).toBeVisible();
    expect(await auditOf(page)).toMatchObject({ days: 2557, isDefault: true });
  });

  await test.step('an admin reads it, with no form; the server refuses them too', async () => {
    const a = admin.page;
    await a.goto(`/admin/${ws.slug}/retention`);
    const theirs = a.getByRole('region', { name: 'Audit log' });
    await expect(theirs.getByText('The audit log keeps entries for 7 years (the default).')).toBeVisible();
    await expect(
      theirs.getByText(/^Only the owner of .* changes how long the audit log keeps entries\.$/),
    ).toBeVisible();
    await expect(theirs.getByRole('form')).toHaveCount(0);
    await expect(api(a, 'compliance.setAuditRetention', { workspaceId: ws.id, days: 400 })).rejects.toThrow(
      /failed: 403/,
    );
    await expectAccessible(a);
  });
  await admin.ctx.close();
  await owner.ctx.close();
});
