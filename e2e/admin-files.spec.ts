import { expect, test, type Page } from '@playwright/test';
import { api, expectAccessible, join, person, workspaceWith } from './support';

// The console's Files page: the owner sees whether uploads are scanned for malware, makes the
// largest file 5 MB and stops taking videos, and what is saved is what the page shows after a
// reload; a size over the deployment's cap is refused by the server at its field. Members do not
// reach the console, and moderators are not given the page.

interface FileSettings {
  maxMb: number;
  deploymentMaxMb: number;
  categories: string[];
  unscannable: 'allow' | 'block';
  scanning: boolean;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Admin console' });
const settingsOf = (page: Page, workspaceId: string) =>
  api<FileSettings>(page, 'attachment.settings', { workspaceId }, 'query');

test('an owner sets the largest file and the kinds allowed; members and moderators are turned away', async ({
  browser,
}) => {
  const owner = await person(browser, 'Fiona Files');
  const member = await person(browser, 'Mel Member');
  const moderator = await person(browser, 'Mo Moderator');
  const ws = await workspaceWith(owner, 'Files', member);
  await join(owner, moderator, ws, 'moderator');
  const page = owner.page;
  const { deploymentMaxMb: cap } = await settingsOf(page, ws.id);

  const form = page.getByRole('form', { name: 'File settings' });
  const size = form.getByLabel('Largest file (MB)');
  const kinds = form.getByRole('group', { name: 'Kinds of files allowed' });
  const unscannable = form.getByRole('group', { name: 'Files that cannot be scanned' });
  const save = form.getByRole('button', { name: 'Save file settings' });

  await test.step('the owner opens Files from the console’s menu and sees the scanning status', async () => {
    await page.goto(`/admin/${ws.slug}`);
    await nav(page).getByRole('link', { name: 'Files', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/${ws.slug}/files$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Files' })).toBeVisible();
    await expect(page).toHaveTitle('Files · Admin console · Enclave');
    await expect(nav(page).getByRole('link', { name: 'Files', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    // The test machine has Debian's clamd (.ci/run installs it), which the server starts itself.
    const scanning = page.getByRole('region', { name: 'Malware scanning' });
    await expect(scanning).toContainText('Malware scanning is on (ClamAV).');
    await expect(scanning).not.toContainText('Warning');

    // The defaults: 25 MB, every kind, unscannable files let through marked "Not scanned".
    await expect(size).toHaveValue('25');
    await expect(size).toHaveAttribute('max', String(cap));
    await expect(form.getByText(`this deployment takes files of at most ${cap} MB`)).toBeVisible();
    await expect(kinds.getByRole('checkbox')).toHaveCount(8);
    for (const box of await kinds.getByRole('checkbox').all()) await expect(box).toBeChecked();
    await expect(unscannable.getByLabel('Let them through, marked “Not scanned”')).toBeChecked();
    // Nothing to save until something changes.
    await expect(save).toBeDisabled();
    await expect(form.getByText('Nothing changed yet.')).toBeVisible();
    await expectAccessible(page);
  });

  await test.step('5 MB and no video: saved, and kept after a reload', async () => {
    await size.fill('5');
    await kinds.getByLabel('Video', { exact: true }).uncheck();
    await expect(save).toBeEnabled();
    await save.click();
    await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expect(save).toBeDisabled();
    const stored = await settingsOf(page, ws.id);
    expect(stored.maxMb).toBe(5);
    expect(stored.categories).not.toContain('video');
    expect(stored.categories).toHaveLength(7);

    await page.reload();
    await expect(size).toHaveValue('5');
    await expect(kinds.getByLabel('Video', { exact: true })).not.toBeChecked();
    await expect(kinds.getByLabel('Images', { exact: true })).toBeChecked();
    await expect(save).toBeDisabled();
  });

  await test.step('over the deployment’s cap: the server’s error at the field, nothing saved', async () => {
    await size.fill(String(cap + 1));
    await save.click();
    await expect(size).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText(`At most ${cap}`, { exact: true })).toBeVisible();
    await expect(
      form
        .getByRole('alert')
        .filter({ hasText: `at most ${cap} MB` })
        .first(),
    ).toBeVisible();
    expect((await settingsOf(page, ws.id)).maxMb).toBe(5);
    await expectAccessible(page);
    // Discarding goes back to what is saved, errors gone.
    await form.getByRole('button', { name: 'Discard changes' }).click();
    await expect(size).toHaveValue('5');
    await expect(size).not.toHaveAttribute('aria-invalid', 'true');
    await expect(save).toBeDisabled();
  });

  await test.step('no kind at all is refused at the kinds, before anything is sent', async () => {
    for (const box of await kinds.getByRole('checkbox').all()) await box.uncheck();
    await save.click();
    await expect(kinds).toHaveAttribute('aria-invalid', 'true');
    await expect(kinds.getByRole('alert')).toHaveText('Allow at least one kind of file');
    await form.getByRole('button', { name: 'Discard changes' }).click();
    await expect(kinds.getByLabel('Images', { exact: true })).toBeChecked();
  });

  await test.step('with the keyboard: block files that cannot be scanned', async () => {
    await unscannable.getByLabel('Let them through, marked “Not scanned”').focus();
    await page.keyboard.press('ArrowDown');
    await expect(unscannable.getByLabel('Block them')).toBeChecked();
    await page.keyboard.press('Tab');
    await expect(save).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    expect((await settingsOf(page, ws.id)).unscannable).toBe('block');
    await page.reload();
    await expect(unscannable.getByLabel('Block them')).toBeChecked();
    await expect(size).toHaveValue('5');
  });

  await test.step('a member is turned away; a moderator is not given the page', async () => {
    await member.page.goto(`/admin/${ws.slug}/files`);
    await expect(
      member.page.getByRole('heading', { level: 1, name: 'You need the admin role' }),
    ).toBeVisible();
    await expect(nav(member.page)).toBeHidden();
    await expect(member.page.getByRole('form', { name: 'File settings' })).toBeHidden();
    await expect(settingsOf(member.page, ws.id)).rejects.toThrow(/403/);

    await moderator.page.goto(`/admin/${ws.slug}/files`);
    await expect(moderator.page.getByRole('heading', { level: 1, name: 'Files' })).toBeVisible();
    await expect(moderator.page.getByText('This section needs the admin role')).toBeVisible();
    await expect(nav(moderator.page).getByRole('link', { name: 'Active connections' })).toBeVisible();
    await expect(nav(moderator.page).getByRole('link', { name: 'Files', exact: true })).toBeHidden();
    await expect(moderator.page.getByRole('form', { name: 'File settings' })).toBeHidden();
  });

  for (const p of [owner, member, moderator]) await p.ctx.close();
});
