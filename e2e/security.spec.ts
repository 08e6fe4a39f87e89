import { expect, test, type Page } from '@playwright/test';
import { api, expectAccessible, join, person, uniq, workspaceWith } from './support';

// The console's Security page: an owner edits the workspace's security policy as one form, sends
// follow the saved version, patterns the server refuses are named at their filter, and a save on
// top of someone else's is a conflict the form recovers from. Only admins see the page.

const CARD = '4111 1111 1111 1111';

interface Policy {
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  detectors: Record<string, string>;
  filters: { id: string; name: string; pattern: string; caseSensitive: boolean; action: string }[];
  blockedDomains: { domains: string[]; action: string };
  markup: string;
  limits: Record<string, number>;
  threat: Record<string, number>;
}

const policyOf = (page: Page, workspaceId: string) =>
  api<Policy>(page, 'admin.policy', { workspaceId }, 'query');
const nav = (page: Page) => page.getByRole('navigation', { name: 'Admin console' });

test('an owner sets the policy on the Security page; sends follow it; errors are shown at their filter', async ({
  browser,
}) => {
  const owner = await person(browser, 'Sasha Secure');
  const member = await person(browser, 'Milo Member');
  const moderator = await person(browser, 'Mona Moderator');
  const ws = await workspaceWith(owner, 'Policy', member);
  await join(owner, moderator, ws, 'moderator');
  const page = owner.page;
  const defaults = await policyOf(page, ws.id);

  await page.goto(`/admin/${ws.slug}`);
  await nav(page).getByRole('link', { name: 'Security', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/${ws.slug}/security$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible();
  await expect(page).toHaveTitle('Security · Admin console · Enclave');
  const form = page.getByRole('form', { name: 'Security policy' });
  await expect(form.getByText('Version 0: the defaults, not changed yet.')).toBeVisible();
  const save = form.getByRole('button', { name: 'Save policy' });
  await expect(save).toBeDisabled();
  const cards = form.getByLabel('Payment card numbers');
  await expect(cards).toHaveValue('redact');
  await expect(
    form.getByText('replaced before it is stored; cards keep their last four digits.'),
  ).toBeVisible();
  const holdAt = form.getByLabel('Review messages scoring at least');
  const quarantineAt = form.getByLabel('Quarantine the sender from a score of');
  await expect(holdAt).toHaveValue('70');
  await expect(quarantineAt).toHaveValue('95');
  await expect(form.getByLabel('An automatic quarantine lasts (minutes)')).toHaveValue('60');
  await expect(form.getByLabel('Maximum message length (bytes)')).toHaveValue('16384');
  await expect(form.getByLabel('Messages per minute per person')).toHaveValue('60');
  const newAccounts = form.getByLabel('Messages per minute from new accounts and visitors');
  await expect(newAccounts).toHaveValue('10');
  const tier = form.getByLabel('API budget of this workspace');
  await expect(tier).toHaveValue('standard');

  const filters = form.getByRole('region', { name: 'Content filters' });
  const first = filters.getByRole('group', { name: 'Filter 1' });
  await test.step('payment cards blocked and a filter added, saved as version 1', async () => {
    await cards.selectOption('block');
    await expect(save).toBeEnabled();
    await expect(filters.getByText(/No content filters yet/)).toContainText('RE2 syntax');
    await filters.getByRole('button', { name: 'Add a filter' }).click();
    // The new filter takes the focus: typing goes on from the keyboard.
    await expect(first.getByLabel('Name')).toBeFocused();
    await page.keyboard.type('Project Falcon');
    await first.getByLabel('Pattern').fill('\\bproject\\s+falcon\\b');
    await first.getByLabel('Action').selectOption('block');
    // A limit out of range is named at its field before anything is sent.
    await newAccounts.fill('0');
    await save.click();
    await expect(newAccounts).toHaveAttribute('aria-invalid', 'true');
    await expect(newAccounts).toHaveAccessibleDescription(/A whole number from 1 to 1000/);
    expect((await policyOf(page, ws.id)).version).toBe(0);
    await newAccounts.fill('5');
    await tier.selectOption({ label: 'Raised (twice the budget)' });
    // Thresholds in the wrong order are named too, in the server's words.
    await quarantineAt.fill('60');
    await save.click();
    await expect(quarantineAt).toHaveAccessibleDescription(
      /Quarantine must start above the review threshold/,
    );
    expect((await policyOf(page, ws.id)).version).toBe(0);
    await quarantineAt.fill('90');
    await expectAccessible(page);
    await save.click();
    await expect(form.getByRole('status')).toHaveText('Saved (version 1)');
    await expect(form.getByText(/^Version 1, last changed /)).toBeVisible();
    await expect(save).toBeDisabled();

    const saved = await policyOf(page, ws.id);
    expect(saved.version).toBe(1);
    expect(saved.detectors).toEqual({ ...defaults.detectors, card: 'block' });
    expect(saved.filters).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Project Falcon',
        pattern: '\\bproject\\s+falcon\\b',
        caseSensitive: false,
        action: 'block',
      },
    ]);
    expect(saved.limits).toEqual({ ...defaults.limits, newAccountMessagesPerMinute: 5, tier: 'raised' });
    expect(saved.threat).toEqual({ ...defaults.threat, quarantineAt: 90 });
  });

  await test.step('a member’s card number and filtered text are refused; other text is sent', async () => {
    const channels = await api<{ id: string; isDefault: boolean }[]>(
      member.page,
      'channel.list',
      { workspaceId: ws.id },
      'query',
    );
    const general = channels.find((c) => c.isDefault)!;
    const send = (body: string) =>
      api(member.page, 'message.send', {
        workspaceId: ws.id,
        conversationId: general.id,
        clientMsgId: uniq('security'),
        body,
      });
    await expect(send(`my card is ${CARD}`)).rejects.toThrow(
      /failed: 422 .*Not sent: this workspace does not allow payment card numbers in messages\./,
    );
    await expect(send('the Project  Falcon launch is on')).rejects.toThrow(
      /failed: 422 .*text matching the filter “Project Falcon”/,
    );
    await send('hello team');
    const history = await api<{ messages: { body: string }[] }>(
      member.page,
      'message.history',
      { workspaceId: ws.id, conversationId: general.id },
      'query',
    );
    expect(history.messages.map((m) => m.body)).toEqual(['hello team']);
  });

  const second = filters.getByRole('group', { name: 'Filter 2' });
  await test.step('a backreference is named under its own filter, and nothing is saved', async () => {
    await filters.getByRole('button', { name: 'Add a filter' }).click();
    await second.getByLabel('Name').fill('Doubled');
    await second.getByLabel('Pattern').fill('(a)\\1');
    await save.click();
    const pattern = second.getByLabel('Pattern');
    await expect(pattern).toHaveAttribute('aria-invalid', 'true');
    await expect(second.getByRole('alert')).toHaveText(
      'Backreferences (like \\1) are not supported: filters run on an engine that matches in linear time.',
    );
    await expect(pattern).toHaveAccessibleDescription(/Backreferences \(like \\1\) are not supported/);
    await expect(first.getByLabel('Pattern')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(first.getByRole('alert')).toHaveCount(0);
    await expect(form.getByRole('status')).toHaveText('');
    await expect(form.getByText('Some rules of the policy cannot be used')).toBeVisible();
    await expectAccessible(page);
    const after = await policyOf(page, ws.id);
    expect(after.version).toBe(1);
    expect(after.filters.map((f) => f.name)).toEqual(['Project Falcon']);

    // Removing it leaves the saved policy: nothing to save, and the keyboard goes on from "Add".
    await second.getByRole('button', { name: 'Remove Filter 2 (Doubled)' }).click();
    await expect(second).toHaveCount(0);
    await expect(filters.getByRole('button', { name: 'Add a filter' })).toBeFocused();
    await expect(save).toBeDisabled();
  });

  await test.step('after a reload the saved policy is shown', async () => {
    await page.reload();
    await expect(cards).toHaveValue('block');
    await expect(first.getByLabel('Name')).toHaveValue('Project Falcon');
    await expect(first.getByLabel('Pattern')).toHaveValue('\\bproject\\s+falcon\\b');
    await expect(first.getByLabel('Action')).toHaveValue('block');
    await expect(second).toHaveCount(0);
    await expect(form.getByText(/^Version 1, last changed /)).toBeVisible();
    await expect(save).toBeDisabled();
  });

  await test.step('blocked domains: a line that is no domain is named by its line', async () => {
    const domains = form.getByLabel('Domains', { exact: true });
    await domains.fill('Evil.Example\n\nnot a domain');
    await save.click();
    await expect(domains).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText('Line 3: “not a domain” is not a domain, like example.com')).toBeVisible();
    await domains.fill('https://Evil.Example/\n\n');
    await save.click();
    await expect(form.getByRole('status')).toHaveText('Saved (version 2)');
    // The server's spelling replaces what was typed.
    await expect(domains).toHaveValue('evil.example');
  });

  await test.step('a save on top of someone else’s is a conflict; "Load the latest" starts again from it', async () => {
    await form.getByLabel('Email addresses').selectOption('flag');
    // Another admin's save in between (the input's unknown keys, the version among them, are stripped).
    const latest = await policyOf(page, ws.id);
    await api(page, 'admin.setPolicy', {
      ...latest,
      workspaceId: ws.id,
      expectedVersion: latest.version,
      markup: 'off',
    });
    await save.click();
    const conflict = form.getByRole('alert').filter({ hasText: 'changed by someone else' });
    await expect(conflict).toContainText('(now version 3)');
    await expect(form.getByRole('status')).toHaveText('');
    await conflict.getByRole('button', { name: 'Load the latest' }).click();
    await expect(conflict).toHaveCount(0);
    await expect(form.getByText(/^Version 3, last changed /)).toBeVisible();
    await expect(form.getByLabel('Messages with markup')).toHaveValue('off');
    await expect(form.getByLabel('Email addresses')).toHaveValue('off');
    await expect(save).toBeDisabled();
    await form.getByLabel('Email addresses').selectOption('flag');
    await save.click();
    await expect(form.getByRole('status')).toHaveText('Saved (version 4)');
    expect((await policyOf(page, ws.id)).detectors.email).toBe('flag');
  });

  await test.step('a member sees no Security link; a moderator’s console has none either', async () => {
    const m = member.page;
    await m.goto(`/admin/${ws.slug}`);
    await expect(m.getByRole('heading', { name: 'You need the admin role' })).toBeVisible();
    await expect(m.getByRole('link', { name: 'Security', exact: true })).toHaveCount(0);
    await m.goto(`/admin/${ws.slug}/security`);
    await expect(m.getByRole('heading', { name: 'You need the admin role' })).toBeVisible();
    await expect(m.getByRole('form', { name: 'Security policy' })).toHaveCount(0);
    await expect(policyOf(m, ws.id)).rejects.toThrow(/failed: 403/);

    const mod = moderator.page;
    await mod.goto(`/admin/${ws.slug}/members`);
    await expect(nav(mod).getByRole('link', { name: 'Members' })).toBeVisible();
    await expect(nav(mod).getByRole('link', { name: 'Security', exact: true })).toHaveCount(0);
    await mod.goto(`/admin/${ws.slug}/security`);
    await expect(mod.getByText(/^This section needs the admin role/)).toBeVisible();
    await expect(mod.getByRole('form', { name: 'Security policy' })).toHaveCount(0);
  });
  await moderator.ctx.close();
  await member.ctx.close();
  await owner.ctx.close();
});
