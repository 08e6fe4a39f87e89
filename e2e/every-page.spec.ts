import { expect, test, type Page } from '@playwright/test';
import { HOST_ORIGIN, inSeconds, openWidgetAsVisitor, signIdentity, startHostPages } from './host-page';
import { api, BASE, join, person, uniq, workspaceWith, wcag22Violations, type Ws } from './support';

// Every page of the product, at a desktop and a phone size, in light and dark: WCAG 2.2 AA axe
// clean (target size included), and on a phone the console never scrolls sideways. Failures are
// soft so that one run lists every page's problems at once.

const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

/** Waits until the page has drawn its data: a heading and no "Loading …" line left. */
async function settled(page: Page) {
  await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible();
  await expect(page.getByText(/^Loading .*…$/).filter({ visible: true })).toHaveCount(0);
}

/** Opens `path` and checks it in each size and colour scheme. */
async function checkPage(page: Page, path: string, opts: { console?: boolean } = {}) {
  await page.setViewportSize({ width: SIZES[0].width, height: SIZES[0].height });
  await page.goto(path);
  await settled(page);
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      const where = `${path} at ${size.name} in ${colorScheme}`;
      expect.soft(await wcag22Violations(page), where).toEqual([]);
    }
    if (opts.console && size.name === 'phone') {
      const widths = await page.evaluate(() => {
        // What sticks out, unless a box that scrolls on its own holds it: named in the failure.
        const inScroller = (el: Element) => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
          }
          return false;
        };
        const out = [...document.body.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !inScroller(el))
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
        return {
          page: document.documentElement.scrollWidth,
          window: window.innerWidth,
          out: [...new Set(out)].slice(0, 8),
        };
      });
      expect
        .soft(widths.page, `${path} scrolls sideways on a phone: ${widths.out.join(', ')}`)
        .toBeLessThanOrEqual(widths.window);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: SIZES[0].width, height: SIZES[0].height });
}

test('pages for people not signed in', async ({ browser }) => {
  const owner = await person(browser, 'Paige Public');
  const ws = await workspaceWith(owner, 'Public');
  const inv = await api<{ token: string }>(owner.page, 'member.invite', {
    workspaceId: ws.id,
    role: 'member',
  });
  const ctx = await browser.newContext({ baseURL: BASE });
  const page = await ctx.newPage();
  for (const path of [
    '/',
    '/sign-in',
    '/sign-up',
    '/forgot-password',
    '/reset-password?token=not-a-real-token',
    '/reset-password?error=INVALID_TOKEN',
    '/no-such-page',
    `/invite/${inv.token}`,
  ])
    await checkPage(page, path);
  await ctx.close();
  await owner.ctx.close();
});

test('the web app, the account pages and every console page', async ({ browser }) => {
  test.setTimeout(300_000);
  const owner = await person(browser, 'Olive Everypage');
  const member = await person(browser, 'Milo Everypage');
  const ws = await workspaceWith(owner, 'Every page');
  await join(owner, member, ws);
  const design = await api<{ id: string }>(owner.page, 'channel.create', {
    workspaceId: ws.id,
    name: 'design-reviews',
    isPrivate: false,
  });
  await api(owner.page, 'apiKey.create', {
    workspaceId: ws.id,
    name: 'Reporting export with a long name',
    scopes: ['workspace:read', 'members:read', 'members:write', 'audit:read'],
  });
  await api(owner.page, 'member.invite', { workspaceId: ws.id, role: 'member' });
  // A content filter and a blocked domain, so the Security page draws its rows too (the input's
  // unknown keys, such as the version itself, are stripped).
  const policy = await api<{ version: number }>(owner.page, 'admin.policy', { workspaceId: ws.id }, 'query');
  await api(owner.page, 'admin.setPolicy', {
    ...policy,
    workspaceId: ws.id,
    expectedVersion: policy.version,
    filters: [
      {
        id: '5f0c6d2e-8a51-4c1b-9d7e-3b2a1c0f9e8d',
        name: 'Code name of the launch',
        pattern: '\\bproject\\s+falcon\\b',
        caseSensitive: false,
        action: 'flag',
      },
    ],
    blockedDomains: { domains: ['evil.example'], action: 'redact' },
  });
  // A reported message, so the Moderation page draws a card with its decision controls.
  const general = (
    await api<{ id: string; isDefault: boolean }[]>(
      owner.page,
      'channel.list',
      { workspaceId: ws.id },
      'query',
    )
  ).find((c) => c.isDefault)!;
  const reported = await api<{ message: { id: string } }>(owner.page, 'message.send', {
    workspaceId: ws.id,
    conversationId: general.id,
    clientMsgId: uniq('reported'),
    body: 'Click https://example.com/win for a free prize',
  });
  await api(member.page, 'moderation.report', {
    workspaceId: ws.id,
    messageId: reported.message.id,
    reason: 'spam',
    note: 'Looks like a scam link',
  });
  // Retention rules, a legal hold and a sweep, so the Retention page draws its tables too.
  await api(owner.page, 'compliance.setRetention', { workspaceId: ws.id, messageDays: 30 });
  await api(owner.page, 'compliance.setChannelRetention', {
    workspaceId: ws.id,
    conversationId: design.id,
    messageDays: null,
  });
  await api(owner.page, 'compliance.placeHold', {
    workspaceId: ws.id,
    scope: 'person',
    userId: member.id,
    reason: 'Keep everything they wrote while the complaint is open',
  });
  await api(owner.page, 'compliance.runRetention', { workspaceId: ws.id });
  // An export, so the Exports page draws its table (with a download link once it is built).
  await api(owner.page, 'compliance.createExport', {
    workspaceId: ws.id,
    includeDeleted: false,
    formats: ['ndjson', 'html'],
  });
  // A person erased at their request, so the Privacy requests page draws its table.
  const erased = await person(browser, 'Ezra Everypage');
  await join(owner, erased, ws);
  await api(owner.page, 'compliance.erase', { workspaceId: ws.id, userId: erased.id });
  await erased.ctx.close();
  const page = owner.page;
  // The member stays connected, so the connections table has a row.
  await member.page.goto(`/w/${ws.slug}`);

  for (const path of [
    '/workspaces',
    `/w/${ws.slug}`,
    `/w/${ws.slug}/members`,
    `/w/${ws.slug}/audit`,
    `/w/${ws.slug}/inbox`,
    `/w/${ws.slug}/notifications`,
    `/w/${ws.slug}/notifications/settings`,
    `/w/${ws.slug}/search`,
    '/account',
    '/account/sessions',
    '/account/data',
  ])
    await checkPage(page, path);
  for (const part of [
    '',
    '/members',
    '/channels',
    '/connections',
    '/moderation',
    '/audit',
    '/security',
    '/files',
    '/retention',
    '/report',
    '/exports',
    '/privacy',
    '/settings',
    '/settings/messages',
    '/settings/encryption',
    '/settings/api-keys',
    '/settings/widget',
  ])
    await checkPage(page, `/admin/${ws.slug}${part}`, { console: true });

  await test.step('on a phone every API key scope stays on one line', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/admin/${ws.slug}/settings/api-keys`);
    const row = page.getByRole('row', { name: 'Reporting export with a long name' });
    await expect(row.getByRole('listitem')).toHaveCount(4);
    // Both where a key's scopes are listed and where they are picked.
    const chips = page.locator('.admin-main').getByText(/^(workspace|members|audit):(read|write)$/);
    await expect(chips).toHaveCount(8);
    // A text broken across lines has one box per line.
    const lines = await chips.evaluateAll((els) =>
      els.map((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return `${el.textContent}: ${range.getClientRects().length}`;
      }),
    );
    expect(lines).toEqual(lines.map((l) => `${l.split(':').slice(0, 2).join(':')}: 1`));
  });
  await member.ctx.close();
  await owner.ctx.close();
});

test('pages full of content: a busy channel, a visitor conversation, the widget on a host page', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const hostPages = await startHostPages();
  const owner = await person(browser, 'Rita Rich');
  const member = await person(browser, 'Sam Content');
  const ws = await api<Ws>(owner.page, 'workspace.create', { name: uniq('Busy') });
  await join(owner, member, ws);
  const general = (
    await api<{ id: string; isDefault: boolean }[]>(
      owner.page,
      'channel.list',
      { workspaceId: ws.id },
      'query',
    )
  ).find((c) => c.isDefault)!;
  // Every kind of text the renderer draws, from two authors (runs, avatars), with reactions and an edit.
  const bodies = [
    'Plan for **Friday**: ~~Thursday~~ is out.\n- draft the _notes_\n  - check the figures\n- send `v2` to <@' +
      member.id +
      '>',
    '> Quoted from the call\nSee https://example.com/spec for details.\n1. first\n2. second',
    '```\nconst answer = 42;\n```',
  ];
  const sent: string[] = [];
  for (const [i, body] of bodies.entries()) {
    const author = i === 1 ? member : owner;
    const r = await api<{ message: { id: string } }>(author.page, 'message.send', {
      workspaceId: ws.id,
      conversationId: general.id,
      clientMsgId: uniq('busy'),
      body,
    });
    sent.push(r.message.id);
  }
  await api(member.page, 'reaction.toggle', { workspaceId: ws.id, messageId: sent[0], emoji: '👍' });
  await api(owner.page, 'reaction.toggle', { workspaceId: ws.id, messageId: sent[0], emoji: '🎉' });
  await api(owner.page, 'message.edit', {
    workspaceId: ws.id,
    messageId: sent[2],
    body: 'Edited: `answer = 42`',
  });
  await checkPage(owner.page, `/w/${ws.slug}/c/${general.id}`);

  await api(owner.page, 'widget.update', {
    workspaceId: ws.id,
    enabled: true,
    allowedOrigins: [HOST_ORIGIN],
  });
  const { secret } = await api<{ secret: string }>(owner.page, 'widget.rotateSecret', { workspaceId: ws.id });
  const token = signIdentity(secret, { sub: uniq('host'), name: 'Vic Visitor', exp: inSeconds(600) });
  const { ctx: vctx, page: host, chat: frame } = await openWidgetAsVisitor(browser, { ws: ws.slug, token });
  const box = frame.getByLabel('Message Chat with Vic Visitor', { exact: true });
  await box.fill('Hello, is my invoice paid?');
  await box.press('Enter');
  await expect(box).toHaveValue('');

  await test.step('the inbox with the visitor conversation open beside its panel', async () => {
    await owner.page.goto(`/w/${ws.slug}/inbox`);
    await owner.page
      .getByRole('region', { name: 'Inbox' })
      .getByRole('link', { name: /Vic Visitor/ })
      .click();
    await expect(
      owner.page
        .getByRole('feed', { name: 'Messages in Vic Visitor' })
        .getByText('Hello, is my invoice paid?'),
    ).toBeVisible();
    const url = new URL(owner.page.url());
    await checkPage(owner.page, url.pathname);
  });

  await test.step('the widget panel on the host page, with the team’s reply', async () => {
    await expect(
      owner.page
        .getByRole('feed', { name: 'Messages in Vic Visitor' })
        .getByText('Hello, is my invoice paid?'),
    ).toBeVisible();
    const reply = owner.page.getByLabel('Reply to Vic Visitor');
    await reply.fill('Yes, it was paid on **Monday**.');
    await reply.press('Enter');
    await expect(frame.getByText('Yes, it was paid on')).toBeVisible();
    for (const size of SIZES) {
      await host.setViewportSize({ width: size.width, height: size.height });
      for (const colorScheme of SCHEMES) {
        await host.emulateMedia({ colorScheme });
        const where = `the widget at ${size.name} in ${colorScheme}`;
        expect.soft(await wcag22Violations(host, { include: '[data-enclave-widget]' }), where).toEqual([]);
      }
    }
  });
  await vctx.close();
  await member.ctx.close();
  await owner.ctx.close();
  await hostPages.close();
});
