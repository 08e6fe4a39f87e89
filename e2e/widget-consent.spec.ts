import { expect, test } from '@playwright/test';
import {
  HOST_ORIGIN,
  hostPageUrl,
  inSeconds,
  signIdentity,
  startHostPages,
  type HostPages,
} from './host-page';
import { api, expectAccessible, person, run, uniq, type Ws } from './support';

// Consent in the widget: the admin writes the host's privacy notice on the widget settings page
// and requires agreement; a visitor on the host page reads it, agrees, and only then chats.

let hostPages: HostPages | undefined;
test.beforeAll(async () => {
  hostPages = await startHostPages();
});
test.afterAll(async () => {
  await hostPages?.close();
});

test('a visitor agrees to the privacy notice before chatting, as the admin required', async ({ browser }) => {
  const owner = await person(browser, 'Pia Privacy');
  const ws = await api<Ws>(owner.page, 'workspace.create', { name: `Consent ${run}` });
  await api(owner.page, 'widget.update', {
    workspaceId: ws.id,
    enabled: true,
    allowedOrigins: [HOST_ORIGIN],
  });
  const { secret } = await api<{ secret: string }>(owner.page, 'widget.rotateSecret', { workspaceId: ws.id });
  const notice = 'We keep this chat for 30 days to answer you.';

  await test.step('the admin writes the notice and requires agreement', async () => {
    const page = owner.page;
    await page.goto(`/admin/${ws.slug}/settings/widget`);
    const form = page.getByRole('form', { name: 'Privacy notice' });
    // Consent to nothing is refused, at its checkbox.
    await form.getByLabel('Visitors must agree to it before they chat').check();
    await form.getByRole('button', { name: 'Save the privacy notice' }).click();
    await expect(form.getByText('Needs a notice to agree to')).toBeVisible();
    await form.getByLabel('What visitors read').fill(notice);
    await form.getByLabel('Link to your full privacy notice').fill('https://shop.example/privacy');
    await form.getByRole('button', { name: 'Save the privacy notice' }).click();
    await expect(form.getByRole('status')).toHaveText('Saved.');
    await expectAccessible(page);
  });

  await test.step('the visitor reads it, agrees, and chats', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const token = signIdentity(secret, { sub: uniq('host-user'), name: 'Cora Consent', exp: inSeconds(600) });
    await page.goto(hostPageUrl(HOST_ORIGIN, { ws: ws.slug, token }));
    await page
      .locator('[data-enclave-widget]')
      .getByRole('button', { name: /^Open chat/ })
      .click();
    const frame = page.frameLocator('iframe[title="Chat"]');
    await expect(frame.getByRole('heading', { name: 'Before you chat' })).toBeVisible();
    await expect(frame.getByText(notice)).toBeVisible();
    await expect(frame.getByRole('link', { name: 'Read the privacy notice' })).toHaveAttribute(
      'href',
      'https://shop.example/privacy',
    );
    await expectAccessible(page);
    await frame.getByRole('button', { name: 'I agree' }).click();
    const box = frame.getByLabel('Message Chat with Cora Consent', { exact: true });
    await expect(box).toBeVisible();
    const hello = uniq('Hello after agreeing');
    await box.fill(hello);
    await box.press('Enter');
    await expect(frame.getByRole('article').filter({ hasText: hello })).toBeVisible();
    await ctx.close();
  });
  await owner.ctx.close();
});
