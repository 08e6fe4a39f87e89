import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { api, expectAccessible, join, person, signUpAndIn, uniq, workspaceWith } from './support';

// GDPR erasure from both sides: an admin erases a member from the console's Privacy requests page
// (the dry run first, then a question), and a person deletes their own account from Your data.
// Both end with a signed receipt, downloaded as JSON.

interface Receipt {
  receipt: {
    kind: string;
    id: string;
    scope: 'workspace' | 'account';
    requestedBy: 'self' | 'admin';
    workspaces: { workspace: string; pseudonym: string; erased: Record<string, number> }[];
  };
  signature: string;
}

const generalOf = async (page: Page, workspaceId: string) =>
  (await api<{ id: string; isDefault: boolean }[]>(page, 'channel.list', { workspaceId }, 'query')).find(
    (c) => c.isDefault,
  )!;

async function say(page: Page, workspaceId: string, body: string) {
  const general = await generalOf(page, workspaceId);
  await api(page, 'message.send', { workspaceId, conversationId: general.id, clientMsgId: uniq('cm'), body });
}

/** The downloaded receipt, with the name it was saved under. */
async function receiptOf(download: Download) {
  const signed = JSON.parse(await readFile(await download.path(), 'utf8')) as Receipt;
  expect(download.suggestedFilename()).toBe(`enclave-erasure-receipt-${signed.receipt.id}.json`);
  expect(signed.receipt.kind).toBe('enclave.erasure-receipt');
  expect(signed.signature).toMatch(/^[0-9a-f]{64}$/);
  return signed.receipt;
}

test('an admin erases a member from the console after the dry run', async ({ browser }) => {
  const owner = await person(browser, 'Orla Owner');
  const admin = await person(browser, 'Ari Admin');
  const member = await person(browser, 'Eli Erased');
  const ws = await workspaceWith(owner, 'Erasure', member);
  await join(owner, admin, ws, 'admin');
  const body = `Eli's note ${uniq('n')}`;
  await say(member.page, ws.id, body);
  const page = admin.page;

  await page.goto(`/admin/${ws.slug}`);
  await page
    .getByRole('navigation', { name: 'Admin console' })
    .getByRole('link', { name: 'Privacy requests', exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`/admin/${ws.slug}/privacy$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Privacy requests' })).toBeVisible();
  await expect(page).toHaveTitle('Privacy requests · Admin console · Enclave');
  const erasures = page.getByRole('region', { name: 'Erasures', exact: true });
  await expect(erasures.getByText('Nobody has been erased from this workspace.')).toBeVisible();

  const part = page.getByRole('region', { name: 'Erase a person' });
  const picker = part.getByLabel('Person', { exact: true });

  await test.step('only people the admin outranks are offered; none chosen is said at the field', async () => {
    await expect(picker.getByRole('option')).toHaveText(['Choose a person…', 'Eli Erased']);
    await part.getByRole('button', { name: 'Preview erasure' }).click();
    await expect(picker).toHaveAccessibleDescription('Choose the person to erase');
  });

  await test.step('the dry run shows what goes and what is kept', async () => {
    await picker.selectOption({ label: 'Eli Erased' });
    await part.getByRole('button', { name: 'Preview erasure' }).click();
    const plan = part.getByRole('region', { name: ws.name });
    await expect(plan.getByRole('heading', { level: 3 })).toHaveText(`${ws.name} Member`);
    await expect(plan).toContainText('1 message (its text destroyed)');
    await expect(plan).toContainText('1 membership');
    await expect(plan).toContainText('their data key');
    await expect(plan).toContainText(/erased-[0-9a-f]{16}/);
    await expect(plan).toContainText('1 audit log entry');
    await expect(plan).toContainText('audit entries about them (1): the audit log is kept');
    await expectAccessible(page);
  });

  await test.step('erasing asks first, then says so and offers the receipt', async () => {
    await part.getByRole('button', { name: 'Erase Eli Erased' }).click();
    const question = part.getByRole('group', {
      name: /^Erase Eli Erased from .*\? This cannot be undone\.$/,
    });
    await expect(question.getByRole('button', { name: 'Yes, erase Eli Erased' })).toBeFocused();
    await question.getByRole('button', { name: 'Yes, erase Eli Erased' }).click();
    const done = part.getByRole('status').filter({ hasText: 'Eli Erased is erased from' });
    await expect(done).toBeVisible();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      done.getByRole('button', { name: 'Download receipt of erasing Eli Erased' }).click(),
    ]);
    const receipt = await receiptOf(download);
    expect(receipt).toMatchObject({ scope: 'workspace', requestedBy: 'admin' });
    expect(receipt.workspaces[0]?.erased.message).toBe(1);
    await expect(done).toContainText(receipt.workspaces[0]!.pseudonym);
    // Gone from the picker, and listed below.
    await expect(picker.getByRole('option')).toHaveText(['Choose a person…']);
    const row = erasures.getByRole('row', { name: new RegExp(receipt.workspaces[0]!.pseudonym) });
    await expect(row).toContainText('Erased from a workspace');
    await expect(row).toContainText('By an admin');
    await expectAccessible(page);
  });

  await test.step('the message shows as deleted in #general', async () => {
    await page.goto(`/w/${ws.slug}`);
    const feed = page.getByRole('feed', { name: 'Messages in #general' });
    await expect(feed.getByText('This message was deleted')).toBeVisible();
    await expect(feed.getByText(body)).toHaveCount(0);
  });

  await test.step('the erased person finds the receipt on their account page', async () => {
    const m = member.page;
    await m.goto('/account/data');
    const list = m
      .getByRole('region', { name: 'Erasure receipts' })
      .getByRole('list', { name: 'Your erasure receipts' });
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list.getByRole('listitem')).toContainText(`Erased from a workspace: ${ws.name}`);
    await expect(list.getByRole('listitem')).toContainText('By an admin');
    const [download] = await Promise.all([
      m.waitForEvent('download'),
      list.getByRole('button', { name: /^Download receipt/ }).click(),
    ]);
    expect(await receiptOf(download)).toMatchObject({ scope: 'workspace', requestedBy: 'admin' });
    await expectAccessible(m);
  });
  for (const p of [owner, admin, member]) await p.ctx.close();
});

test('a person deletes their own account after reviewing it', async ({ browser }) => {
  const owner = await person(browser, 'Olga Other');
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const email = `${uniq('del')}@example.test`;
  const { id } = await signUpAndIn(page.request, {
    name: 'Dev Deleted',
    email,
    password: `pw-${uniq('pw')}-long-enough`,
  });
  const me = { ctx, page, id, name: 'Dev Deleted' };
  const team = await workspaceWith(owner, 'Team', me);
  await say(page, team.id, 'a message of mine');
  // Their own workspace, of which they are the only owner: that blocks the deletion at first.
  const mine = await workspaceWith(me, 'Mine');

  await page.goto('/account/data');
  await expect(page.getByRole('heading', { level: 1, name: 'Your data' })).toBeVisible();
  await expect(page.getByText('You have no erasure receipts.')).toBeVisible();
  const part = page.getByRole('region', { name: 'Delete your account' });
  const review = part.getByRole('button', { name: 'Review what would be deleted' });
  const remove = part.getByRole('button', { name: 'Delete my account' });

  await test.step('the review shows each workspace; the last owner is blocked', async () => {
    await review.click();
    await expect(part.getByRole('region', { name: team.name })).toContainText(
      '1 message (its text destroyed)',
    );
    await expect(part.getByRole('region', { name: team.name })).toContainText('your data key');
    await expect(part.getByRole('region', { name: mine.name })).toContainText('Owner');
    await expect(part).toContainText('Your account cannot be deleted yet');
    await expect(part).toContainText(`${mine.name}: the last owner cannot be erased`);
    await expect(remove).toBeDisabled();
    await expectAccessible(page);
  });

  await test.step('with another owner, it can go ahead', async () => {
    await join(me, owner, mine);
    await api(page, 'member.changeRole', { workspaceId: mine.id, userId: owner.id, role: 'owner' });
    await review.click();
    await expect(part).not.toContainText('Your account cannot be deleted yet');
    await expect(remove).toBeEnabled();
  });

  const field = part.getByLabel('Your email address');
  await test.step('a wrong address is refused at the field', async () => {
    await field.fill('someone.else@example.test');
    await remove.click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(/Type your email address to confirm/);
    expect((await page.request.get('/api/trpc/workspace.listMine')).status()).toBe(200);
  });

  await test.step('the right address deletes the account; the receipt downloads', async () => {
    await field.fill(email.toUpperCase());
    await remove.click();
    const heading = page.getByRole('heading', { level: 1, name: 'Your account is deleted' });
    await expect(heading).toBeFocused();
    await expect(
      page.getByRole('status').filter({ hasText: 'You were erased from 2 workspaces' }),
    ).toContainText('signed out on every device');
    await expectAccessible(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download receipt' }).click(),
    ]);
    const receipt = await receiptOf(download);
    expect(receipt).toMatchObject({ scope: 'account', requestedBy: 'self' });
    expect(receipt.workspaces.map((w) => w.workspace).sort()).toEqual([mine.name, team.name].sort());
    await expect(page.getByRole('link', { name: 'Go to the sign-in page' })).toHaveAttribute(
      'href',
      '/sign-in',
    );
  });

  await test.step('afterwards they are signed out', async () => {
    expect((await page.request.get('/api/trpc/workspace.listMine')).status()).toBe(401);
    await page.goto('/account');
    await expect(page.getByRole('heading', { name: 'Sign in to continue.' })).toBeVisible();
  });

  await test.step("the workspace's console lists the deletion", async () => {
    await owner.page.goto(`/admin/${team.slug}/privacy`);
    const row = owner.page.getByRole('region', { name: 'Erasures', exact: true }).getByRole('row').nth(1);
    await expect(row).toContainText('Account deleted');
    await expect(row).toContainText('By the person');
  });
  await ctx.close();
  await owner.ctx.close();
});
