import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signInAfterSignUp } from './support';

// One run-unique suffix: the database is fresh per run, but a re-run against a kept server must not collide.
const run = Date.now().toString(36);
const person = (name: string) => ({
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}-admin-${run}@example.test`,
  password: `pw-${run}-long-enough`,
});
type Person = ReturnType<typeof person>;

async function signUp(page: Page, p: Person) {
  await page.getByLabel('Name').fill(p.name);
  await page.getByLabel('Email').fill(p.email);
  await page.getByLabel('Password').fill(p.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Signs up from scratch and creates a workspace; returns its slug. */
async function ownerWithWorkspace(page: Page, owner: Person, wsName: string): Promise<string> {
  await page.goto('/sign-up');
  await signUp(page, owner);
  await signInAfterSignUp(page, owner);
  await expect(page.getByRole('heading', { name: 'Your workspaces' })).toBeVisible();
  await page.getByLabel('Workspace name').fill(wsName);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  // Only the address is relied on: the workspace page itself belongs to the chat app.
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  return new URL(page.url()).pathname.split('/')[2]!;
}

/** Posts messages into #general through the REST API with the page's session cookie. */
async function sendMessages(page: Page, slug: string, texts: string[]) {
  const list = await page.request.get('/api/v1/workspaces');
  expect(list.ok()).toBe(true);
  const ws = ((await list.json()) as { id: string; slug: string }[]).find((w) => w.slug === slug)!;
  const channels = await page.request.get(`/api/v1/workspaces/${ws.id}/channels`);
  expect(channels.ok()).toBe(true);
  const general = ((await channels.json()) as { id: string; isDefault: boolean }[]).find((c) => c.isDefault)!;
  for (const [i, body] of texts.entries()) {
    const r = await page.request.post(`/api/v1/workspaces/${ws.id}/conversations/${general.id}/messages`, {
      data: { clientMsgId: `admin-e2e-${run}-${slug}-${i}`, body },
    });
    expect(r.ok(), await r.text()).toBe(true);
  }
}

const live = (page: Page) =>
  expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
const nav = (page: Page) => page.getByRole('navigation', { name: 'Admin console' });

test('owner console: analytics, members and live role change, audit, connections; members are turned away', async ({
  browser,
}) => {
  const owner = person('Olga Owner');
  const member = person('Bob Invitee');
  const wsName = `Console ${run}`;
  const ownerCtx = await browser.newContext();
  const memberCtx = await browser.newContext();
  const a = await ownerCtx.newPage();
  const b = await memberCtx.newPage();

  const slug = await ownerWithWorkspace(a, owner, wsName);

  await test.step('overview shows the range, the totals and the charts', async () => {
    await sendMessages(a, slug, ['first from the owner', 'second from the owner']);
    await a.goto(`/admin/${slug}`);
    await expect(a.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    // The health report leads: one node here, so no Redis, and the policy as the server has it.
    const health = a.getByRole('region', { name: 'Health' });
    await expect(health.getByRole('status')).toContainText('Everything works.');
    await expect(health).toContainText('RedisNot used (one node)');
    await expect(health).toContainText('Security policyVersion 0');
    await expect(health).toContainText(/Connections\d+ sockets?/);
    // Default range: the last 30 days up to today, in UTC.
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
    await expect(a.getByLabel('From (UTC)')).toHaveValue(from);
    await expect(a.getByLabel('To (UTC)')).toHaveValue(today);
    await expect(a.getByTestId('analytics-range')).toContainText(`${from} to ${today} (UTC), 30 days`);
    await expect(a.getByRole('group', { name: 'Messages' })).toContainText('2');
    await expect(a.getByRole('group', { name: 'Active people' })).toContainText('1');
    await expect(a.getByRole('figure')).toHaveCount(3);
    await expect(a.getByText('2 messages over 30 days')).toBeVisible();
    await expect(a.getByText('#general leads with 2 messages')).toBeVisible();
    await expect(a.locator('.admin-chart .recharts-surface')).toHaveCount(3);
    // The text alternative carries the numbers too.
    await a.getByText('Busiest channels: data table').click();
    await expect(a.getByRole('row', { name: '#general 2' })).toBeVisible();
    await expectAccessible(a);
    await a.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(a);
    await a.emulateMedia({ colorScheme: 'light' });

    // A range with no messages is an empty state, not an error; a reversed one is refused at its field.
    await a.getByLabel('From (UTC)').fill('2020-01-01');
    await a.getByLabel('To (UTC)').fill('2020-01-31');
    await a.getByRole('button', { name: 'Apply' }).click();
    await expect(a.getByText('No messages in this range yet.')).toBeVisible();
    await a.getByLabel('From (UTC)').fill('2020-02-01');
    await a.getByRole('button', { name: 'Apply' }).click();
    await expect(a.getByLabel('From (UTC)')).toHaveAttribute('aria-invalid', 'true');
    await a.getByRole('button', { name: 'Last 30 days' }).click();
    await expect(a.getByRole('group', { name: 'Messages' })).toContainText('2');
  });

  const inviteUrl = await test.step('members: invite by link', async () => {
    await nav(a).getByRole('link', { name: 'Members' }).click();
    await expect(a.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
    await expect(nav(a).getByRole('link', { name: 'Members' })).toHaveAttribute('aria-current', 'page');
    await a.getByLabel('Role for the invitee').selectOption('member');
    await a.getByRole('button', { name: 'Create invitation' }).click();
    const field = a.getByLabel(/Invite link/);
    await expect(field).toHaveValue(/\/invite\/inv_/);
    await expect(
      a
        .getByRole('table', { name: 'Pending invitations' })
        .getByRole('cell', { name: 'anyone with the link' }),
    ).toBeVisible();
    const url = await field.inputValue();

    // By email: a bad address is refused at its field; a good one is listed, and can be revoked.
    const pending = a.getByRole('table', { name: 'Pending invitations' });
    const email = `carol-admin-${run}@example.test`;
    await a.getByLabel('Email (optional)').fill('not-an-address');
    await a.getByRole('button', { name: 'Create invitation' }).click();
    await expect(a.getByLabel('Email (optional)')).toHaveAttribute('aria-invalid', 'true');
    await a.getByLabel('Role for the invitee').selectOption('guest');
    await a.getByLabel('Email (optional)').fill(email);
    await a.getByRole('button', { name: 'Create invitation' }).click();
    await expect(a.getByRole('status').filter({ hasText: `Invitation for ${email} as guest` })).toBeVisible();
    await expect(pending.getByRole('row', { name: new RegExp(email) })).toContainText('guest');
    await pending.getByRole('button', { name: `Revoke the invitation for ${email}` }).click();
    await expect(pending.getByRole('row', { name: new RegExp(email) })).toBeHidden();
    return url;
  });

  await test.step('the invitee is not found before joining, and turned away after', async () => {
    await b.goto(inviteUrl);
    await b.getByRole('link', { name: 'create an account' }).click();
    await signUp(b, member);
    await signInAfterSignUp(b, member);
    await expect(b).toHaveURL(/\/invite\//);
    // Not a member yet: the console does not even admit the workspace exists.
    await b.goto(`/admin/${slug}`);
    await expect(b.getByRole('heading', { level: 1, name: 'Workspace not found' })).toBeVisible();
    await b.goto(inviteUrl);
    await b.getByRole('button', { name: /^Join / }).click();
    await expect(b).toHaveURL(new RegExp(`/w/${slug}$`));
    await b.goto(`/admin/${slug}`);
    await expect(b.getByRole('heading', { level: 1, name: 'You need the admin role' })).toBeVisible();
    await expect(nav(b)).toBeHidden();
    await live(b);
  });

  await test.step('the owner changes the role; the member’s open page follows without a reload', async () => {
    const members = a.getByRole('table', { name: 'Members' });
    await expect(members.getByRole('row', { name: member.name })).toBeVisible();
    await a.getByLabel(`Role of ${member.name}`).selectOption('moderator');
    await a.getByRole('button', { name: `Save role of ${member.name}` }).click();
    await expect(a.getByLabel(`Role of ${member.name}`)).toHaveValue('moderator');
    await expect(b.getByRole('alert').filter({ hasText: 'Your role changed to moderator' })).toBeVisible();
    // A moderator gets the parts of the console the role opens, on the page already open.
    await expect(nav(b).getByRole('link', { name: 'Active connections' })).toBeVisible();
    await expect(nav(b).getByRole('link', { name: 'Audit log' })).toBeHidden();
    await expect(b.getByText('This section needs the admin role')).toBeVisible();
    await expectAccessible(a);
  });

  await test.step('the audit log shows the change and the chain verifies', async () => {
    await nav(a).getByRole('link', { name: 'Audit log' }).click();
    const entries = a.getByRole('table', { name: 'Audit entries' });
    // In words, who did what to whom.
    await expect(entries.getByRole('cell', { name: `${owner.name} created the workspace` })).toBeVisible();
    // Actions come from a list with plain names (grouped), not a free text box.
    const action = a.getByLabel('Action');
    await expect(action.locator('optgroup[label="People"] option', { hasText: 'Role changed' })).toHaveCount(
      1,
    );
    await action.selectOption({ label: 'Role changed' });
    await a.getByRole('button', { name: 'Apply filters' }).click();
    await expect(entries.getByRole('cell', { name: `${owner.name} created the workspace` })).toBeHidden();
    const change = entries.getByRole('row').filter({ hasText: 'Role changed' });
    await expect(change).toHaveCount(1);
    await expect(change).toContainText(
      `${owner.name} changed the role of ${member.name} from member to moderator`,
    );
    // The raw record, on demand.
    const raw = change.locator('pre');
    await expect(raw).toBeHidden();
    await change.getByText('Raw').click();
    await expect(raw).toContainText('"action": "member.role_change"');
    await expect(raw).toContainText('"to": "moderator"');
    await expectAccessible(a);
    const [download] = await Promise.all([
      a.waitForEvent('download'),
      a.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-.+\.csv$/);
    const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    // The header and the one filtered entry, not the whole log.
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${owner.name} changed the role of ${member.name} from member to moderator`);
    await expect(a.getByRole('status').filter({ hasText: 'Exported 1 entry.' })).toBeVisible();

    // Sign-ins are frequent: they can be left out.
    const signIn = await b.request.post('/api/auth/sign-in/email', {
      data: { email: member.email, password: member.password },
      headers: { origin: new URL(a.url()).origin },
    });
    expect(signIn.ok()).toBe(true);
    await action.selectOption({ label: 'Any action' });
    await a.getByRole('button', { name: 'Apply filters' }).click();
    const signedIn = entries.getByRole('cell', { name: `${member.name} signed in` });
    await expect(signedIn).toHaveCount(1);
    await a.getByLabel('Hide sign-ins').check();
    await a.getByRole('button', { name: 'Apply filters' }).click();
    await expect(signedIn).toHaveCount(0);
    await expect(change).toHaveCount(1);
    await a.getByRole('button', { name: 'Verify chain' }).click();
    await expect(a.getByRole('status').filter({ hasText: /Chain OK: \d+ entries verified/ })).toBeVisible();
  });

  await test.step('active connections: the member is listed and can be disconnected', async () => {
    await nav(a).getByRole('link', { name: 'Active connections' }).click();
    const row = a.getByRole('table', { name: 'Active connections' }).getByRole('row', { name: member.name });
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: `Disconnect ${member.name}` }).click();
    await a.getByRole('button', { name: 'Yes, disconnect' }).click();
    await expect(
      a.getByRole('status').filter({ hasText: new RegExp(`${member.name}: [1-9]\\d* connections? closed`) }),
    ).toBeVisible();
  });

  await test.step('session reset: the member is signed out everywhere, their open page says so', async () => {
    await b.goto(`/w/${slug}`);
    await expect(b.getByLabel('Message #general', { exact: true })).toBeVisible();
    await nav(a).getByRole('link', { name: 'Members' }).click();
    const row = a.getByRole('row', { name: member.name });
    await row.getByRole('button', { name: `Sign ${member.name} out everywhere` }).click();
    await row.getByRole('button', { name: 'Yes, sign out' }).click();
    await expect(row.getByRole('status')).toHaveText(
      new RegExp(`^${member.name} is signed out everywhere: [1-9]\\d* sessions? ended\\.$`),
    );
    await expect(b.getByRole('alert').filter({ hasText: 'You were signed out' })).toBeVisible();
  });

  await ownerCtx.close();
  await memberCtx.close();
});

test('settings persist, key rotation completes, channels and API keys', async ({ page }) => {
  const owner = person('Sam Settings');
  const slug = await ownerWithWorkspace(page, owner, `Settings ${run}`);
  // Something for the rotation to re-encrypt.
  await sendMessages(page, slug, ['one to re-encrypt', 'two to re-encrypt', 'three to re-encrypt']);

  await test.step('reply depth and duplicate window persist', async () => {
    await page.goto(`/admin/${slug}/settings`);
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    const tabs = page.getByRole('navigation', { name: 'Settings sections' });
    await expect(tabs.getByRole('link')).toHaveText([
      'Workspace',
      'Messages',
      'Encryption',
      'API keys',
      'Widget',
    ]);
    await expect(tabs.getByRole('link', { name: 'Workspace' })).toHaveAttribute('aria-current', 'page');
    await tabs.getByRole('link', { name: 'Messages' }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/${slug}/settings/messages$`));
    await expect(nav(page).getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
    const depth = page.getByLabel('Reply depth limit');
    const dupWindow = page.getByLabel('Duplicate window (seconds)');
    await expect(depth).toHaveValue('1');
    await expect(dupWindow).toHaveValue('10');
    // Out of range: refused at the field, nothing sent.
    await depth.fill('11');
    await page.getByRole('button', { name: 'Save message settings' }).click();
    await expect(depth).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('A whole number from 1 to 10')).toBeVisible();
    await depth.fill('4');
    await dupWindow.fill('120');
    const repeats = page.getByLabel('Identical messages allowed in the window');
    await expect(repeats).toHaveValue('2');
    await repeats.fill('3');
    await page.getByRole('button', { name: 'Save message settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Reply depth limit')).toHaveValue('4');
    await expect(page.getByLabel('Duplicate window (seconds)')).toHaveValue('120');
    await expect(page.getByLabel('Identical messages allowed in the window')).toHaveValue('3');
    await expectAccessible(page);
  });

  await test.step('rotating the key shows progress until done, and what each key holds', async () => {
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Encryption' })
      .click();
    const versions = page.getByRole('table', { name: 'Key versions' });
    await expect(versions.getByRole('row')).toHaveCount(2); // header + v1
    // Three messages and their author's data key (which the rotation re-wraps).
    await expect(versions.getByRole('row', { name: /v1/ })).toContainText('4 items');
    await page.getByRole('button', { name: 'Rotate key' }).click();
    await page.getByRole('button', { name: 'Yes, rotate' }).click();
    await expect(versions.getByRole('rowheader', { name: /v2/ })).toBeVisible();
    await expect(
      page.getByRole('status').filter({ hasText: 'Rotation to v2 done: 4 re-encrypted' }),
    ).toBeVisible({
      timeout: 30_000,
    });
    const bar = page.getByLabel('Rotation to key v2');
    await expect(bar).toHaveJSProperty('value', 4);
    await expect(bar).toHaveJSProperty('max', 4);
    await expect(versions.getByRole('row', { name: /v2/ })).toContainText('4 items');
    await expect(versions.getByRole('row', { name: /v1/ })).toContainText('0 items');
    await expectAccessible(page);
  });

  await test.step('an API key is shown once, then listed by prefix and revocable', async () => {
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'API keys' })
      .click();
    await page.getByLabel('Key name').fill('CI export');
    await page.getByLabel(/audit:read/).check();
    await page.getByRole('button', { name: 'Create API key' }).click();
    const key = page.getByLabel('New API key');
    await expect(key).toHaveValue(/^ek_/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect(key).toBeHidden();
    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: 'CI export' });
    await expect(row).toContainText('audit:read');
    await row.getByRole('button', { name: 'Revoke CI export' }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(row).toContainText('revoked');
  });

  await test.step('channels: create, archive and unarchive, membership', async () => {
    await nav(page).getByRole('link', { name: 'Channels' }).click();
    await page.getByLabel('Channel name').fill('Bad Name!');
    await page.getByRole('button', { name: 'Create channel' }).click();
    await expect(page.getByLabel('Channel name')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Channel name').fill('ops');
    await page.getByRole('button', { name: 'Create channel' }).click();
    const row = page.getByRole('table', { name: 'Channels' }).getByRole('row', { name: '#ops', exact: true });
    await expect(row).toContainText('Active');
    await row.getByRole('button', { name: 'Members of #ops' }).click();
    await expect(page.getByRole('table', { name: 'People in #ops' })).toContainText(owner.name);
    await row.getByRole('button', { name: 'Archive #ops' }).click();
    await expect(row).toContainText('Archived');
    await expect(page.getByText('Unarchive #ops to change who is in it.')).toBeVisible();
    await row.getByRole('button', { name: 'Unarchive #ops' }).click();
    await expect(row).toContainText('Active');
  });
});
