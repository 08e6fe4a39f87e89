import { expect, test, type Page } from '@playwright/test';
import { HOST_ORIGIN, hostPageUrl, inSeconds, signIdentity, startHostPages } from '../../e2e/host-page';
import { png } from '../../e2e/images';
import { api, BASE, run, signUpAndIn } from '../../e2e/support';

const query = <T>(page: Page, path: string, input: unknown) => api<T>(page, path, input, 'query');

async function signUp(page: Page, name: string) {
  const email = `${name.split(' ')[0]!.toLowerCase()}-${run}@example.test`;
  return (await signUpAndIn(page.request, { name, email, password: `pw-${run}-long-enough` })).id;
}

test('web app and console screenshots', async ({ browser }) => {
  const aliceCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const bobCtx = await browser.newContext();
  const alice = await aliceCtx.newPage();
  const bob = await bobCtx.newPage();
  const aliceId = await signUp(alice, 'Alice Archer');
  await signUp(bob, 'Bob Baker');
  const ws = await api<{ id: string; slug: string }>(alice, 'workspace.create', { name: 'Acme' });
  const inv = await api<{ token: string }>(alice, 'member.invite', { workspaceId: ws.id, role: 'member' });
  await api(bob, 'member.accept', { token: inv.token });
  const general = (await (await alice.request.get(`/api/v1/workspaces/${ws.id}/channels`)).json()) as {
    id: string;
  }[];
  const conversationId = general[0]!.id;
  const say = (page: Page, body: string, i: number) =>
    api<{ message: { id: string } }>(page, 'message.send', {
      workspaceId: ws.id,
      conversationId,
      clientMsgId: `shot-${run}-${i}`,
      body,
    });
  const first = await say(alice, 'Welcome to **Acme** on Enclave! Messages here are encrypted at rest.', 1);
  await say(bob, `Thanks <@${aliceId}>! Is the *Q3 invoice review* still on for Thursday?`, 2);
  await say(alice, 'Yes, 10:00. The agenda is in `docs/q3-review.md`.', 3);
  await api(bob, 'reaction.toggle', { workspaceId: ws.id, messageId: first.message.id, emoji: '👍' });
  await api(alice, 'channel.create', { workspaceId: ws.id, name: 'design', topic: 'Pixels and flows' });

  await alice.goto(`/w/${ws.slug}`);
  await expect(alice.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  await expect(alice.getByText('Yes, 10:00.')).toBeVisible();
  await alice.screenshot({ path: 'docs/screenshots/web-app.png' });
  // The same in the dark theme (it follows the system's preference).
  await alice.emulateMedia({ colorScheme: 'dark' });
  await alice.mouse.move(0, 0);
  await alice.screenshot({ path: 'docs/screenshots/web-app-dark.png' });
  await alice.emulateMedia({ colorScheme: 'light' });
  // The same conversation on a phone: the list and a conversation are separate screens.
  const phoneCtx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: await aliceCtx.storageState(),
  });
  const phone = await phoneCtx.newPage();
  await phone.goto(`/w/${ws.slug}/c/${conversationId}`);
  await expect(phone.getByText('Yes, 10:00.')).toBeVisible();
  await phone.screenshot({ path: 'docs/screenshots/web-app-phone.png' });
  await phoneCtx.close();

  await alice.goto(`/admin/${ws.slug}`);
  await expect(alice.getByRole('heading', { level: 1 })).toBeVisible();
  await alice.waitForTimeout(2000); // the charts animate in
  await alice.screenshot({ path: 'docs/screenshots/admin-console.png', fullPage: true });
});

test('widget screenshot: a host page with the chat panel open', async ({ browser }) => {
  const hostPages = await startHostPages();
  try {
    const staffCtx = await browser.newContext();
    const staff = await staffCtx.newPage();
    await signUp(staff, 'Nora North');
    const ws = await api<{ id: string; slug: string }>(staff, 'workspace.create', { name: 'Northwind' });
    await api(staff, 'widget.update', {
      workspaceId: ws.id,
      enabled: true,
      allowedOrigins: [HOST_ORIGIN],
      appearance: {
        title: 'Northwind billing',
        greeting: 'Questions about an invoice? We usually reply within minutes.',
        color: '#0f766e',
        position: 'right',
      },
    });
    const { secret } = await api<{ secret: string }>(staff, 'widget.rotateSecret', { workspaceId: ws.id });
    const token = signIdentity(secret, {
      sub: `hana-${run}`,
      name: 'Hana Host',
      email: `hana-${run}@example.test`,
      exp: inSeconds(600),
      subjects: [{ type: 'invoice', id: '42' }],
    });

    // Nora is signed in to the web app, so the widget shows the team as online.
    await staff.goto(`/w/${ws.slug}`);
    await expect(staff.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');

    const hostCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const host = await hostCtx.newPage();
    await host.goto(hostPageUrl(HOST_ORIGIN, { ws: ws.slug, token }));
    await host
      .locator('[data-enclave-widget]')
      .getByRole('button', { name: /Open chat/ })
      .click();
    const frame = host.frameLocator('iframe[title="Chat"]');
    await expect(frame.getByText('We typically reply in a few minutes')).toBeVisible();
    const box = frame.getByLabel('Message Chat with Hana Host', { exact: true });
    const feed = frame.getByRole('feed', { name: 'Messages in Chat with Hana Host' });
    const write = async (text: string) => {
      await box.fill(text);
      await box.press('Enter');
      await expect(feed.getByRole('article').filter({ hasText: text })).toBeVisible();
    };
    await write('Hi! Could you add our VAT number to invoice 42 before we pay it?');

    // Staff answer from the app: opening the visitor's conversation by its subject joins it.
    const [visit] = await query<{ id: string; subject: { type: string; id: string } }[]>(
      staff,
      'channel.listBySubject',
      { workspaceId: ws.id, type: 'visitor' },
    );
    await api(staff, 'channel.getOrCreateBySubject', { workspaceId: ws.id, subject: visit!.subject });
    const reply = 'Of course, Hana. Send it over and I will reissue the invoice within the hour.';
    await api(staff, 'message.send', {
      workspaceId: ws.id,
      conversationId: visit!.id,
      clientMsgId: `widget-shot-${run}`,
      body: reply,
    });
    await expect(feed.getByRole('article').filter({ hasText: 'reissue the invoice' })).toBeVisible();
    await write('Thanks! Our VAT number is GB 123 4567 89.');

    // No focus ring or caret in the picture; let the panel's entrance animation finish.
    await box.blur();
    await host.mouse.move(600, 500);
    await host.waitForTimeout(800);
    await host.screenshot({ path: 'docs/screenshots/widget.png' });
    // On a phone the open panel fills the screen.
    await host.setViewportSize({ width: 390, height: 844 });
    await expect(frame.getByText('GB 123 4567 89')).toBeVisible();
    await host.waitForTimeout(500);
    await host.screenshot({ path: 'docs/screenshots/widget-phone.png' });

    // The team's side: the support inbox with the visitor panel, on a desktop and a phone.
    await api(staff, 'inbox.addNote', {
      workspaceId: ws.id,
      conversationId: visit!.id,
      body: 'VAT numbers need the finance team to reissue; ask Priya.',
    });
    for (const [file, viewport] of [
      ['docs/screenshots/inbox.png', { width: 1440, height: 900 }],
      ['docs/screenshots/inbox-phone.png', { width: 390, height: 844 }],
    ] as const) {
      const ctx = await browser.newContext({ viewport, storageState: await staffCtx.storageState() });
      const page = await ctx.newPage();
      await page.goto(`/w/${ws.slug}/inbox/${visit!.id}`);
      await expect(page.getByRole('feed').getByText('GB 123 4567 89')).toBeVisible();
      await expect(page.getByText('VAT numbers need the finance team')).toBeAttached();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: file });
      await ctx.close();
    }
    await hostCtx.close();
    await staffCtx.close();
  } finally {
    await hostPages.close();
  }
});

test('notifications: the inbox and its settings', async ({ browser }) => {
  const aliceCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const bobCtx = await browser.newContext();
  const alice = await aliceCtx.newPage();
  const bob = await bobCtx.newPage();
  const aliceId = await signUp(alice, 'Alice Archer');
  const bobId = await signUp(bob, 'Bob Baker');
  const ws = await api<{ id: string; slug: string }>(alice, 'workspace.create', { name: 'Acme notices' });
  const inv = await api<{ token: string }>(alice, 'member.invite', { workspaceId: ws.id, role: 'member' });
  await api(bob, 'member.accept', { token: inv.token });
  const [general] = await query<{ id: string }[]>(alice, 'channel.list', { workspaceId: ws.id });
  let sent = 0;
  const say = (conversationId: string, body: string, parentId?: string) =>
    api<{ message: { id: string } }>(bob, 'message.send', {
      workspaceId: ws.id,
      conversationId,
      clientMsgId: `shot-${run}-${++sent}`,
      body,
      ...(parentId && { parentId }),
    });
  const root = await api<{ message: { id: string } }>(alice, 'message.send', {
    workspaceId: ws.id,
    conversationId: general!.id,
    clientMsgId: `shot-${run}-root`,
    body: 'Release checklist for Friday',
  });
  await say(general!.id, 'Tests are green, tagging tonight.', root.message.id);
  await say(general!.id, `<@${aliceId}> can you sign off the changelog?`);
  const dm = await api<{ id: string }>(bob, 'channel.openDirect', { workspaceId: ws.id, userIds: [aliceId] });
  await say(dm.id, 'Lunch at 12:30?');
  const design = await api<{ id: string }>(alice, 'channel.create', {
    workspaceId: ws.id,
    name: 'design',
    isPrivate: true,
  });
  await api(alice, 'channel.addMember', { workspaceId: ws.id, channelId: design.id, userId: bobId });

  await alice.goto(`/w/${ws.slug}/notifications`);
  await expect(alice.getByText('Lunch at 12:30?').or(alice.getByText(/sent you a message/))).toBeVisible();
  await alice.screenshot({ path: 'docs/screenshots/notifications.png' });
  await alice.goto(`/w/${ws.slug}/notifications/settings`);
  await expect(alice.getByRole('heading', { name: 'Notification settings' })).toBeVisible();
  await alice.getByRole('checkbox', { name: /No push or email during quiet hours/ }).check();
  await expect(alice.getByLabel('From')).toBeVisible();
  await alice.screenshot({ path: 'docs/screenshots/notification-settings.png', fullPage: true });
  await aliceCtx.close();
  await bobCtx.close();
});

test('a picture in the viewer with comments pinned to it', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signUp(page, 'Alice Archer');
  const ws = await api<{ id: string; slug: string }>(page, 'workspace.create', { name: 'Acme plans' });
  const [general] = await query<{ id: string }[]>(page, 'channel.list', { workspaceId: ws.id });
  const up = await page.request.post(`/api/v1/workspaces/${ws.id}/conversations/${general!.id}/files`, {
    headers: { 'x-file-name': 'floor-plan.png', 'content-type': 'application/octet-stream', origin: BASE },
    data: png(960, 600),
  });
  const { file } = (await up.json()) as { file: { id: string } };
  await api(page, 'message.send', {
    workspaceId: ws.id,
    conversationId: general!.id,
    clientMsgId: `shot-${run}-plan`,
    body: 'The floor plan, second draft',
    fileIds: [file.id],
  });
  const pin = (body: string, rect: { x: number; y: number; w: number; h: number }) =>
    api<{ id: string }>(page, 'attachment.addComment', {
      workspaceId: ws.id,
      fileId: file.id,
      body,
      anchor: { page: 1, rect },
    });
  const first = await pin('Can this wall move a metre to the left?', { x: 0.18, y: 0.22, w: 0.25, h: 0.3 });
  await api(page, 'attachment.addComment', {
    workspaceId: ws.id,
    fileId: file.id,
    body: 'Yes, it is not load-bearing.',
    parentId: first.id,
  });
  await pin('Window here instead?', { x: 0.7, y: 0.6, w: 0, h: 0 });
  await page.goto(`/w/${ws.slug}`);
  const open = page.getByRole('button', { name: 'Open picture floor-plan.png' });
  await expect(open).toBeVisible({ timeout: 45_000 });
  await open.click();
  await expect(page.getByTestId('comment-pin')).toHaveCount(2);
  await page.getByRole('button', { name: 'Show comment 1 on the page' }).click();
  await page.screenshot({ path: 'docs/screenshots/file-comments.png' });
  await ctx.close();
});
