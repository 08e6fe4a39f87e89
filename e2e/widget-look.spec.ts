import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  HOST_ORIGIN,
  OTHER_ORIGIN,
  hostPageUrl,
  inSeconds,
  signIdentity,
  startHostPages,
  type HostPageOptions,
  type HostPages,
} from './host-page';
import { api, expectAccessible, join, person, run, uniq, type Person, type Ws } from './support';

// The widget as customers see it: the team in the header (online or away, with the away form),
// full screen on phones, the theme setting, the console's live preview, and the notice a
// misconfigured site gets instead of a grey frame. Host pages: e2e/host-page.ts.

const widgetHost = (page: Page) => page.locator('[data-enclave-widget]');
const launcher = (page: Page) => widgetHost(page).getByRole('button', { name: /^(Open|Close) chat/ });
const chat = (page: Page) => page.frameLocator('iframe[title="Chat"]');
const DARK_BG = 'rgb(22, 24, 28)';
const LIGHT_BG = 'rgb(255, 255, 255)';

let hostPages: HostPages | undefined;
let owner: Person;
let maya: Person;
let ws: Ws;
let secret: string;

const setAppearance = (appearance: Record<string, string>) =>
  api(owner.page, 'widget.update', { workspaceId: ws.id, appearance });

/** A host user's own browser on the host page (panel closed); `viewport` defaults to a desktop. */
async function visitor(
  browser: Browser,
  name: string,
  opts: Partial<HostPageOptions> & { viewport?: { width: number; height: number } } = {},
) {
  const token = signIdentity(secret, { sub: uniq('look'), name, exp: inSeconds(600) });
  const ctx = await browser.newContext({ viewport: opts.viewport ?? { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(hostPageUrl(HOST_ORIGIN, { ws: ws.slug, token, theme: opts.theme }));
  await expect(launcher(page)).toBeVisible();
  return { ctx, page };
}

/** The frame document's background colour: what the theme decided. */
const frameBackground = (page: Page) =>
  chat(page)
    .locator('body')
    .evaluate((b) => getComputedStyle(b).backgroundColor);

test.beforeAll(async ({ browser }) => {
  hostPages = await startHostPages();
  owner = await person(browser, 'Olga Owner');
  maya = await person(browser, 'Maya Rivers');
  ws = await api<Ws>(owner.page, 'workspace.create', { name: `Look ${run}` });
  await join(owner, maya, ws);
  await api(owner.page, 'widget.update', {
    workspaceId: ws.id,
    enabled: true,
    allowedOrigins: [HOST_ORIGIN],
    appearance: { title: 'Northwind help', color: '#0f766e', replyTime: 'hour' },
  });
  secret = (await api<{ secret: string }>(owner.page, 'widget.rotateSecret', { workspaceId: ws.id })).secret;
});

test.afterAll(async () => {
  await owner?.ctx.close();
  await maya?.ctx.close();
  await hostPages?.close();
});

test('the header shows the team: away with an email form, then online with the reply time', async ({
  browser,
}) => {
  const v = await visitor(browser, 'Vera Visitor');
  const frame = chat(v.page);
  await launcher(v.page).click();
  // Inside the frame's <main>, so not a banner landmark.
  const header = frame.locator('header.widget-header');
  await expect(header.getByRole('heading', { name: 'Northwind help' })).toBeVisible();

  await test.step('nobody online: the away message and a form for the visitor’s email', async () => {
    await expect(
      header.getByText("We're away right now. Leave your email and we'll get back to you."),
    ).toBeVisible();
    // Each face: the initials (decorative), then the first name; nobody is marked online.
    await expect(header.getByRole('list', { name: 'Our team' }).getByRole('listitem')).toHaveText([
      /^OOOlga$/,
      /^MRMaya$/,
    ]);
    const form = frame.getByRole('form', { name: 'Leave your email' });
    await form.getByLabel('Your email').fill('not an address');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(form.getByRole('alert')).toHaveText('An email address like name@example.com');
    await expect(form.getByLabel('Your email')).toHaveAttribute('aria-invalid', 'true');
    await form.getByLabel('Your email').fill('vera@host.example');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(frame.getByRole('status').filter({ hasText: 'Thanks!' })).toHaveText(
      "Thanks! We'll reply to vera@host.example.",
    );
  });

  await test.step('staff see the address in the inbox’s visitor panel', async () => {
    const box = frame.getByLabel('Message Chat with Vera Visitor', { exact: true });
    await box.fill('Is my order shipped?');
    await box.press('Enter');
    await expect(box).toHaveValue('');
    await owner.page.goto(`/w/${ws.slug}/inbox`);
    await owner.page
      .getByRole('region', { name: 'Inbox' })
      .getByRole('link', { name: /Vera Visitor/ })
      .click();
    const panel = owner.page.getByRole('complementary', { name: 'Visitor' });
    await expect(panel.getByRole('link', { name: 'vera@host.example' })).toHaveAttribute(
      'href',
      'mailto:vera@host.example',
    );
  });

  await test.step('a teammate comes online: reopening shows who and how soon they reply', async () => {
    await maya.page.goto(`/w/${ws.slug}`);
    await expect(maya.page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
    await expect(async () => {
      await launcher(v.page).click(); // closes
      await launcher(v.page).click(); // opens: the team is asked again
      await expect(header.getByText('We typically reply within an hour')).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    const faces = header.getByRole('list', { name: 'Our team' }).getByRole('listitem');
    // Both are online now (Olga has the inbox open).
    await expect(faces).toHaveCount(2);
    await expect(faces.filter({ hasText: 'Olga' })).toHaveText(/Olga, online$/);
    await expect(faces.filter({ hasText: 'Maya' })).toHaveText(/Maya, online$/);
    await expect(frame.getByRole('form', { name: 'Leave your email' })).toHaveCount(0);
  });
  await owner.page.goto('about:blank');
  await maya.page.goto('about:blank');
  await v.ctx.close();
});

test('on a phone the panel fills the screen, the launcher hides, and Close closes it; axe light and dark', async ({
  browser,
}) => {
  const v = await visitor(browser, 'Pia Phone', { viewport: { width: 390, height: 844 } });
  const page = v.page;
  await launcher(page).click();
  const panel = widgetHost(page).locator('#enclave-panel');
  await expect(chat(page).getByRole('heading', { name: 'Northwind help' })).toBeVisible();
  // Polled: the panel slides in.
  await expect.poll(() => panel.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  expect(await panel.evaluate((p) => getComputedStyle(p).borderRadius)).toBe('0px');
  await expect(launcher(page)).toBeHidden();

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // `visitor` (the default theme): the frame follows the visitor's preference.
    await expect.poll(() => frameBackground(page)).toBe(scheme === 'dark' ? DARK_BG : LIGHT_BG);
    // The widget only: at this width the host fixture's own top bar is not ours to check.
    await expectAccessible(page, { include: '[data-enclave-widget]' });
  }

  await chat(page).getByRole('button', { name: 'Close chat' }).click();
  await expect(panel).toBeHidden();
  await expect(launcher(page)).toBeVisible();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  await v.ctx.close();
});

test('the theme setting: fixed light or dark, or what the host page says', async ({ browser }) => {
  await test.step('dark, on a visitor who prefers light', async () => {
    await setAppearance({ theme: 'dark' });
    const v = await visitor(browser, 'Theo Theme');
    await v.page.emulateMedia({ colorScheme: 'light' });
    await launcher(v.page).click();
    await expect.poll(() => frameBackground(v.page)).toBe(DARK_BG);
    // The accent header keeps readable text in the dark theme too.
    await expectAccessible(v.page);
    await v.ctx.close();
  });
  await test.step('host: the script tag’s data-theme decides, not the visitor', async () => {
    await setAppearance({ theme: 'host' });
    const dark = await visitor(browser, 'Hal Host', { theme: 'dark' });
    await dark.page.emulateMedia({ colorScheme: 'light' });
    await launcher(dark.page).click();
    await expect.poll(() => frameBackground(dark.page)).toBe(DARK_BG);
    await dark.ctx.close();
    // Without data-theme: the host page's color-scheme (normal, so light), on a visitor preferring dark.
    const plain = await visitor(browser, 'Hal Plain');
    await plain.page.emulateMedia({ colorScheme: 'dark' });
    await launcher(plain.page).click();
    await expect(chat(plain.page).getByRole('heading', { name: 'Northwind help' })).toBeVisible();
    await expect.poll(() => frameBackground(plain.page)).toBe(LIGHT_BG);
    await plain.ctx.close();
  });
  await setAppearance({ theme: 'visitor' });
});

test('a site whose origin is not allowed gets a console warning and no broken chat', async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  const problem = widgetHost(page).getByRole('status', { includeHidden: true });

  await page.goto(hostPageUrl(OTHER_ORIGIN, { ws: ws.slug }));
  const expected = `Enclave chat isn't shown: ${OTHER_ORIGIN} isn't an allowed origin of this workspace's widget. Add it in Console → Widget.`;
  await expect.poll(() => warnings).toContain(`[Enclave] ${expected}`);
  // Visitors see nothing: no launcher, no frame; the diagnostic is in the page for the admin.
  await expect(launcher(page)).toHaveCount(0);
  await expect(page.locator('iframe')).toHaveCount(0);
  await expect(problem).toBeHidden();
  await expect(problem).toHaveText(expected);

  await test.step('with data-debug the notice is shown, and accessible', async () => {
    await page.goto(hostPageUrl(OTHER_ORIGIN, { ws: ws.slug, debug: true }));
    await expect(problem).toBeVisible();
    await expect(problem).toHaveText(expected);
    // The widget only: at this width the host fixture's own top bar is not ours to check.
    await expectAccessible(page, { include: '[data-enclave-widget]' });
  });

  await test.step('a workspace whose widget is off says so', async () => {
    const off = await api<Ws>(owner.page, 'workspace.create', { name: `Off ${run}` });
    await page.goto(hostPageUrl(HOST_ORIGIN, { ws: off.slug, debug: true }));
    await expect(problem).toContainText('is off or does not exist');
    await expect(launcher(page)).toHaveCount(0);
  });
  await ctx.close();
});

test('the console previews the widget live as the admin types, and warns about no origins', async () => {
  const page = owner.page;
  await page.goto(`/admin/${ws.slug}/settings/widget`);
  const form = page.getByRole('form', { name: 'Widget settings' });
  const preview = page.getByTestId('widget-preview');
  await expect(preview.getByRole('heading', { name: 'Northwind help' })).toBeVisible();

  await form.getByLabel('Title', { exact: true }).fill('Acme support');
  await expect(preview.getByRole('heading', { name: 'Acme support' })).toBeVisible();
  await form.getByLabel('We typically reply').selectOption('day');
  await expect(preview.getByText('We typically reply within a day')).toBeVisible();
  await form.getByLabel('Theme', { exact: true }).selectOption('dark');
  await expect(preview).toHaveClass(/widget-theme-dark/);
  await expect(page.getByText('Preview (dark)')).toBeVisible();
  await form.getByLabel('Away message').fill('Back at nine tomorrow.');
  await page.getByLabel('Show as when nobody is online').check();
  await expect(preview.getByText('Back at nine tomorrow.')).toBeVisible();
  await expectAccessible(page);

  // Nothing was saved: the widget still has its stored title.
  const stored = await api<{ appearance: { title: string } }>(
    page,
    'widget.settings',
    { workspaceId: ws.id },
    'query',
  );
  expect(stored.appearance.title).toBe('Northwind help');

  await expect(form.getByText(/no site may show it yet/)).toHaveCount(0);
  await form.getByLabel('Allowed origins').fill('');
  await expect(form.getByText(/The widget is on, but no site may show it yet/)).toBeVisible();
  await form.getByLabel('Enable the widget').uncheck();
  await expect(form.getByText(/no site may show it yet/)).toHaveCount(0);
  await page.goto('about:blank');
});
