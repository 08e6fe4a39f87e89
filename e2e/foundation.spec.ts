import { expect, test, type Page } from '@playwright/test';
import { signInAfterSignUp } from './support';

// One run-unique suffix: the database is fresh per run, but a re-run against a kept server must not collide.
const run = Date.now().toString(36);
const person = (name: string) => ({
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}-${run}@example.test`,
  password: `pw-${run}-long-enough`,
});

async function signUp(page: Page, p: { name: string; email: string; password: string }) {
  await page.getByLabel('Name').fill(p.name);
  await page.getByLabel('Email').fill(p.email);
  await page.getByLabel('Password').fill(p.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** An alert (form error or realtime banner) with this text. */
const banner = (page: Page, text: string) => page.getByRole('alert').filter({ hasText: text });
const live = (page: Page) =>
  expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');

test('sign up, create a workspace, invite, accept, change role, audit, sign out', async ({ browser }) => {
  const alice = person('Alice Owner');
  const bob = person('Bob Invitee');
  const wsName = `Rocket ${run}`;

  const aliceCtx = await browser.newContext();
  const bobCtx = await browser.newContext();
  const a = await aliceCtx.newPage();
  const b = await bobCtx.newPage();

  await test.step('A signs up and creates a workspace', async () => {
    await a.goto('/sign-up');
    await signUp(a, alice);
    await signInAfterSignUp(a, alice);
    await expect(a.getByRole('heading', { name: 'Your workspaces' })).toBeVisible();
    await expect(a.getByText('You are not in any workspace yet')).toBeVisible();
    await a.getByLabel('Workspace name').fill(wsName);
    await a.getByRole('button', { name: 'Create workspace' }).click();
    await expect(a.getByRole('heading', { level: 1, name: wsName })).toBeVisible();
    // The workspace opens on its chat; members, invitations and roles live on their own page.
    await a.getByRole('link', { name: 'Members', exact: true }).click();
    await expect(a.getByText('Your role: owner')).toBeVisible();
    await expect(a.getByRole('row', { name: alice.name })).toBeVisible();
  });

  const slug = new URL(a.url()).pathname.split('/')[2]!;

  const inviteUrl = await test.step('A creates an invite link', async () => {
    await a.getByLabel('Role for the invitee').selectOption('member');
    await a.getByRole('button', { name: 'Create invite link' }).click();
    const field = a.getByLabel(/Invite link/);
    await expect(field).toHaveValue(/\/invite\//);
    await expect(a.getByRole('cell', { name: 'anyone with the link' })).toBeVisible();
    return field.inputValue();
  });

  await test.step('B signs up from the link in another browser and accepts', async () => {
    await b.goto(inviteUrl);
    await expect(
      b.getByRole('heading', { name: 'Sign in or create an account to accept this invitation.' }),
    ).toBeVisible();
    await b.getByRole('link', { name: 'create an account' }).click();
    await signUp(b, bob);
    await signInAfterSignUp(b, bob);
    await expect(b).toHaveURL(/\/invite\//);
    // The invitation says who invited whom to what, before anything is accepted.
    await expect(b.getByText(`${alice.name} invited you to join ${wsName} as a member.`)).toBeVisible();
    await b.getByRole('button', { name: `Join ${wsName}` }).click();
    await expect(b).toHaveURL(new RegExp(`/w/${slug}$`));
    await expect(b.getByRole('heading', { level: 1, name: wsName })).toBeVisible();
    await b.getByRole('link', { name: 'Members', exact: true }).click();
    await expect(b.getByText('Your role: member')).toBeVisible();
    await live(b);
  });

  await test.step('A sees B join (live) and changes B’s role; B is told', async () => {
    // No reload: A's page refreshes on the member:updated event.
    await expect(a.getByRole('row', { name: bob.name })).toBeVisible();
    await expect(a.getByRole('cell', { name: 'anyone with the link' })).toBeHidden();
    await live(a);
    await a.getByLabel(`Role of ${bob.name}`).selectOption('moderator');
    await expect(a.getByLabel(`Role of ${bob.name}`)).toHaveValue('moderator');
    await expect(banner(b, 'Your role changed to moderator')).toBeVisible({ timeout: 5_000 });
    await expect(b.getByText('Your role: moderator')).toBeVisible();
  });

  await test.step('A reads the audit log and verifies the chain', async () => {
    await a.getByRole('link', { name: 'Audit log' }).click();
    const entries = a.getByRole('table', { name: 'Audit entries' });
    // Each entry's action by its plain name (shared/audit-actions.ts), under the sentence.
    for (const label of ['Workspace created', 'Invitation made', 'Joined', 'Role changed']) {
      await expect(entries.getByRole('cell', { name: new RegExp(`${label}$`) }).first()).toBeVisible();
    }
    await a.getByLabel('Action').selectOption({ label: 'Role changed' });
    await a.getByRole('button', { name: 'Apply filters' }).click();
    await expect(entries.getByRole('cell', { name: /Workspace created$/ })).toBeHidden();
    await expect(entries.getByRole('cell', { name: /Role changed$/ })).toBeVisible();
    await a.getByRole('button', { name: 'Verify chain' }).click();
    await expect(a.getByRole('status').filter({ hasText: /Chain OK: \d+ entries verified/ })).toBeVisible();
  });

  await test.step('B signs out in one tab; B’s other tab is told', async () => {
    const b2 = await bobCtx.newPage();
    await b2.goto(`/w/${slug}`);
    await expect(b2.getByRole('heading', { level: 1, name: wsName })).toBeVisible();
    await live(b2);
    await b.getByRole('button', { name: 'Sign out' }).click();
    await expect(b).toHaveURL(/\/sign-in/);
    await expect(banner(b2, 'You were signed out')).toBeVisible({ timeout: 5_000 });
    await expect(b2.getByRole('heading', { name: 'Sign in to continue.' })).toBeVisible();
    // A's session is untouched.
    await a.reload();
    await expect(a.getByRole('button', { name: 'Verify chain' })).toBeVisible();
  });

  await aliceCtx.close();
  await bobCtx.close();
});

test('forms show the server’s errors next to their fields', async ({ page }) => {
  await page.goto('/sign-up');
  await signUp(page, { name: 'Short Pw', email: `short-${run}@example.test`, password: 'short' });
  const password = page.getByLabel('Password');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/password.*short/i).first()).toBeVisible();

  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(`nobody-${run}@example.test`);
  await page.getByLabel('Password').fill('wrong-password-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(banner(page, 'Invalid email or password')).toBeVisible();

  await page.goto('/reset-password?error=INVALID_TOKEN');
  await expect(banner(page, 'invalid or has expired')).toBeVisible();

  await signUpAndCreate(page);
  const slugField = page.getByLabel('Address (optional)');
  await page.getByLabel('Workspace name').fill('Bad slug');
  await slugField.fill('Not A Slug!');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(slugField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Lower-case letters, digits and inner hyphens only')).toBeVisible();
});

async function signUpAndCreate(page: Page) {
  await page.goto('/sign-up');
  const carol = person('Carol Forms');
  await signUp(page, carol);
  await signInAfterSignUp(page, carol);
  await expect(page.getByRole('heading', { name: 'Your workspaces' })).toBeVisible();
}

test('sign-up answers alike whether or not the address has an account', async ({ browser }) => {
  const dana = person('Dana Twice');
  const texts: string[] = [];
  for (const attempt of [dana, { ...dana, name: 'Someone Else', password: `other-${run}-password` }]) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto('/sign-up');
    await signUp(page, attempt);
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    texts.push((await page.locator('main').innerText()).trim());
    if (texts.length === 1) {
      // A typo in the address: back to the form, nothing kept from the mistake but the page.
      await page.getByRole('button', { name: 'use a different address' }).click();
      await expect(page.getByRole('button', { name: 'Create account' })).toBeVisible();
    }
    await ctx.close();
  }
  expect(texts[1]).toBe(texts[0]);
  expect(texts[0]).toContain(dana.email);
});
