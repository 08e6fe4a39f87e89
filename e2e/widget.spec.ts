import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import {
  HOST_ORIGIN,
  OTHER_ORIGIN,
  hostPageUrl,
  inSeconds,
  signIdentity,
  startHostPages,
  type HostEvents,
  type HostPages,
  type HostWindow,
  type IdentityClaims,
} from './host-page';
import { api, expectAccessible, person, run, uniq, type Person, type Ws } from './support';

// The embeddable widget (docs/widget.md) on a real host page: a tiny server on port 3201 (e2e/host-page.ts)
// serves a page with the documented script tag; http://localhost:3201 is on the workspace's
// allow-list, http://127.0.0.1:3201 (a different origin, same server) is not. Staff and workspaces
// are made through the API, as in chat.spec.ts; the console UI is exercised by the first test.
interface SubjectConversation {
  id: string;
  subject: { type: string; id: string };
  title: string;
  joined: boolean;
}
interface Member {
  userId: string;
  name: string;
  role: string;
  visitor: boolean;
}
interface HistoryPage {
  messages: { id: string; authorId: string | null; body: string | null }[];
}

// ------------------------------------------------------------------ the host page, as a visitor sees it

const widgetHost = (page: Page) => page.locator('[data-enclave-widget]');
const launcher = (page: Page) => widgetHost(page).getByRole('button', { name: /^(Open|Close) chat/ });
const chat = (page: Page) => page.frameLocator('iframe[title="Chat"]');
const article = (scope: Locator, text: string) => scope.getByRole('article').filter({ hasText: text });
/** What the host page heard from `Enclave.on(name, …)` so far. */
async function hostEvents<K extends keyof HostEvents>(page: Page, name: K): Promise<HostEvents[K]> {
  const all = await page.evaluate(() => (window as unknown as HostWindow).__events);
  return all[name];
}

async function send(box: Locator, text: string) {
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

/** A visitor's own browser (no staff cookies) on a host page. */
async function hostPage(browser: Browser, url: string) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  await page.goto(url);
  await expect(launcher(page)).toBeVisible();
  return { ctx, page, consoleLines };
}

// ------------------------------------------------------------------ shared staging (through the API)

const APPEARANCE = {
  title: 'Northwind help',
  greeting: 'We usually answer within minutes.',
  color: '#0f766e',
};
const ACCENT = 'rgb(15, 118, 110)';
const HOST_BUTTON = 'rgb(159, 18, 57)';

let hostPages: HostPages | undefined;
let owner: Person;
let ws: Ws;
let secret: string;

/** The workspace's members as the owner sees them, widget visitors included (asked for). */
const everyone = () =>
  api<Member[]>(owner.page, 'member.list', { workspaceId: ws.id, includeVisitors: true }, 'query');

const identity = (name: string, claims: Partial<IdentityClaims> = {}) =>
  signIdentity(secret, {
    sub: uniq('host-user'),
    name,
    exp: inSeconds(600),
    subjects: [{ type: 'invoice', id: '42' }],
    ...claims,
  });

test.beforeAll(async ({ browser }) => {
  hostPages = await startHostPages();
  owner = await person(browser, 'Sam Staff');
  ws = await api<Ws>(owner.page, 'workspace.create', { name: `Widget ${run}` });
  await api(owner.page, 'widget.update', {
    workspaceId: ws.id,
    enabled: true,
    allowedOrigins: [HOST_ORIGIN],
    appearance: APPEARANCE,
  });
  secret = (await api<{ secret: string }>(owner.page, 'widget.rotateSecret', { workspaceId: ws.id })).secret;
});

test.afterAll(async () => {
  await owner?.ctx.close();
  await hostPages?.close();
});

// ------------------------------------------------------------------ a. the console

test('an admin turns the widget on in the console, allows the host origin and gets an identity secret', async ({
  browser,
}) => {
  const admin = await person(browser, 'Wanda Admin');
  const w = await api<Ws>(admin.page, 'workspace.create', { name: `Console widget ${run}` });
  const page = admin.page;

  // Off by default: nobody may frame the widget yet.
  const before = await page.request.get(`/widget?workspace=${w.slug}`);
  expect(before.headers()['content-security-policy']).toContain("frame-ancestors 'none'");

  await page.goto(`/admin/${w.slug}`);
  await page
    .getByRole('navigation', { name: 'Admin console' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Settings sections' })
    .getByRole('link', { name: 'Widget' })
    .click();
  const form = page.getByRole('form', { name: 'Widget settings' });
  await expect(form.getByLabel('Enable the widget')).not.toBeChecked();

  await test.step('a malformed origin is refused at its line', async () => {
    await form.getByLabel('Enable the widget').check();
    await form.getByLabel('Allowed origins').fill(`${HOST_ORIGIN}/some/path`);
    await form.getByRole('button', { name: 'Save widget settings' }).click();
    await expect(form.getByLabel('Allowed origins')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText(/Line 1: An origin like/)).toBeVisible();
  });

  await test.step('enabled with the host origin, saved and still there after a reload', async () => {
    // With a trailing slash: the server stores the origin and the form shows what it stored.
    await form.getByLabel('Allowed origins').fill(`${HOST_ORIGIN}/`);
    await form.getByLabel('Title', { exact: true }).fill('Console help');
    await form.getByRole('button', { name: 'Save widget settings' }).click();
    await expect(form.getByRole('status')).toHaveText('Widget settings saved.');
    await expect(form.getByLabel('Allowed origins')).toHaveValue(HOST_ORIGIN);
    await page.reload();
    await expect(form.getByLabel('Enable the widget')).toBeChecked();
    await expect(form.getByLabel('Allowed origins')).toHaveValue(HOST_ORIGIN);
    await expect(form.getByLabel('Title', { exact: true })).toHaveValue('Console help');
    await expect(page.getByText('Never set')).toBeVisible();
  });

  const shown = await test.step('rotating the secret shows it once', async () => {
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('button', { name: 'Yes, rotate secret' }).click();
    const field = page.getByLabel('Identity secret', { exact: true });
    await expect(field).toHaveValue(/^\S{20,}$/);
    await expect(page.getByText(/Last rotated/)).toBeVisible();
    return field.inputValue();
  });

  await expectAccessible(page);

  await test.step('the secret from the field signs identities the server accepts, from that origin', async () => {
    const session = (token: string) =>
      page.request.post('/api/trpc/widget.session', {
        data: { workspace: w.slug, hostOrigin: HOST_ORIGIN, token },
        headers: { origin: HOST_ORIGIN },
      });
    const claims = { sub: uniq('console-check'), name: 'Vera Verified', exp: inSeconds(300) };
    const ok = await session(signIdentity(shown, claims));
    expect(ok.status(), await ok.text()).toBe(200);
    const body = (await ok.json()) as { result: { data: { visitor: { name: string; anonymous: boolean } } } };
    expect(body.result.data.visitor).toMatchObject({ name: 'Vera Verified', anonymous: false });
    const other = await session(signIdentity(`${shown}x`, claims));
    expect(other.status()).toBe(401);
    const framed = await page.request.get(`/widget?workspace=${w.slug}`);
    expect(framed.headers()['content-security-policy']).toContain(`frame-ancestors ${HOST_ORIGIN}`);
  });

  await admin.ctx.close();
});

// ------------------------------------------------------------------ b. a signed visitor and staff

test('a signed-in visitor chats with staff from the host page; the host hears messages and unread counts', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const name = 'Hana Host';
  const visitor = await hostPage(browser, hostPageUrl(HOST_ORIGIN, { ws: ws.slug, token: identity(name) }));
  const page = visitor.page;
  const frame = chat(page);
  const own = `Chat with ${name}`;
  const feed = frame.getByRole('feed', { name: `Messages in ${own}` });
  const hello = uniq('Hello from the invoice page');
  let conversationId = '';

  await test.step('the loader leaves the host page’s styles alone and is not styled by them', async () => {
    // The session starts while the panel is closed; the frame then sends its appearance.
    await expect.poll(() => hostEvents(page, 'ready')).toHaveLength(1);
    const ready = await hostEvents(page, 'ready');
    expect(ready[0]?.appearance).toMatchObject({ title: APPEARANCE.title, color: APPEARANCE.color });
    const styles = await page.evaluate(() => {
      const w = window as unknown as HostWindow;
      return { before: w.__stylesBefore, after: w.__hostStyles() };
    });
    expect(styles.before.buttonBackground).toBe(HOST_BUTTON); // the host's own rule applies…
    expect(styles.after).toEqual(styles.before); // …and nothing about the page changed
    await expect(launcher(page)).toHaveAccessibleName('Open chat');
    // The launcher has the workspace's colour, not the host's `button { background }`.
    await expect(launcher(page)).toHaveCSS('background-color', ACCENT);
    await expect(page.locator('iframe[title="Chat"]')).toBeHidden();
  });

  await test.step('the visitor opens the panel and writes', async () => {
    await launcher(page).click();
    await expect(launcher(page)).toHaveAccessibleName('Close chat');
    await expect(frame.getByRole('heading', { level: 1, name: APPEARANCE.title })).toBeVisible();
    await expect(frame.getByText(APPEARANCE.greeting)).toBeVisible();
    await expect(frame.getByRole('heading', { name: own })).toBeVisible();
    await send(frame.getByLabel(`Message ${own}`, { exact: true }), hello);
    await expect(article(feed, hello)).toBeVisible();
    await expect(article(feed, hello)).toHaveCount(1);
    // Visitors write plain messages: the staff's formatting toolbar is not in the widget.
    await expect(frame.getByRole('toolbar', { name: 'Formatting' })).toHaveCount(0);
    await expect(frame.getByRole('button', { name: 'Bold' })).toHaveCount(0);
    expect(await hostEvents(page, 'open')).toHaveLength(1);
  });

  await test.step('axe: the host page with the panel open, frame included', async () => {
    const results = await expectAccessible(page);
    // Proof the frame was scanned: results from inside it carry a frame selector first.
    const inFrame = [...results.passes, ...results.incomplete, ...results.violations].some((r) =>
      r.nodes.some((n) => n.target.length > 1),
    );
    expect(inFrame).toBe(true);
  });

  await page.evaluate(() => {
    const w = window as unknown as HostWindow;
    w.__messages = [];
    w.Enclave!.on('message', (m) => w.__messages!.push(m as NonNullable<HostWindow['__messages']>[number]));
  });
  const hostMessages = () =>
    page.evaluate(() => ((window as unknown as HostWindow).__messages ?? []).map((m) => ({ ...m })));

  const staffFeed = owner.page.getByRole('feed', { name: `Messages in ${own}` });
  const staffBox = owner.page.getByLabel(`Message ${own}`, { exact: true });
  await test.step('staff find the visitor under "Visitors", join and reply', async () => {
    const members = await everyone();
    expect(members.find((m) => m.name === name)).toMatchObject({ visitor: true, role: 'guest' });
    await owner.page.goto(`/w/${ws.slug}`);
    await expect(owner.page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
    const visitors = owner.page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('region', { name: 'Visitors' });
    await visitors.getByRole('link', { name: new RegExp(own) }).click();
    await expect(owner.page).toHaveURL(/\/c\/[0-9a-f-]+$/);
    conversationId = new URL(owner.page.url()).pathname.split('/').pop()!;
    await expect(owner.page.getByRole('heading', { name: own })).toBeVisible();
    await expect(article(staffFeed, hello)).toContainText(name);
    await owner.page.getByRole('button', { name: 'Join conversation' }).click();
    await send(staffBox, 'Hi Hana, Sam from billing here. How can I help?');
  });

  await test.step('the reply appears in the widget within seconds, and the host hears it', async () => {
    await expect(article(feed, 'Sam from billing here')).toBeVisible({ timeout: 5_000 });
    await expect(article(feed, 'Sam from billing here')).toContainText('Sam Staff');
    await expect.poll(hostMessages, { timeout: 5_000 }).toEqual([
      expect.objectContaining({
        conversationId,
        authorId: owner.id,
        authorName: 'Sam Staff',
        text: 'Hi Hana, Sam from billing here. How can I help?',
      }),
    ]);
  });

  await test.step('closed from inside the frame, the launcher counts unread replies', async () => {
    await frame.getByRole('button', { name: 'Close chat' }).click();
    await expect(launcher(page)).toHaveAccessibleName('Open chat');
    await expect(page.locator('iframe[title="Chat"]')).toBeHidden();
    expect(await hostEvents(page, 'close')).toHaveLength(1);
    await send(staffBox, 'Your invoice is paid, by the way.');
    await expect
      .poll(async () => (await hostEvents(page, 'unread')).at(-1), { timeout: 5_000 })
      .toBeGreaterThan(0);
    const count = (await hostEvents(page, 'unread')).at(-1)!;
    await expect(launcher(page)).toHaveAccessibleName(`Open chat, ${count} unread`);
    await expect
      .poll(async () => (await hostMessages()).map((m) => m.text))
      .toContain('Your invoice is paid, by the way.');
  });

  await test.step('reopened, the reply is there and the count goes back to zero', async () => {
    await launcher(page).click();
    await expect(article(feed, 'Your invoice is paid')).toBeVisible();
    await expect(launcher(page)).toHaveAccessibleName('Close chat', { timeout: 5_000 });
    expect((await hostEvents(page, 'unread')).at(-1)).toBe(0);
  });

  await test.step('the host page’s styles are still its own', async () => {
    const styles = await page.evaluate(() => {
      const w = window as unknown as HostWindow;
      return { before: w.__stylesBefore, after: w.__hostStyles() };
    });
    expect(styles.after).toEqual(styles.before);
  });

  await test.step('reloaded with the same (already exchanged) token, the frame keeps its session', async () => {
    // As when the browser restores the page from its cache: the loader sends the same token again.
    await page.reload();
    await expect.poll(() => hostEvents(page, 'ready')).toHaveLength(1);
    expect(await hostEvents(page, 'error')).toEqual([]);
    await launcher(page).click();
    await expect(article(feed, hello)).toBeVisible();
    await expect(article(feed, 'Your invoice is paid')).toBeVisible();
    const members = await everyone();
    expect(members.filter((m) => m.name === name)).toHaveLength(1);
  });

  await visitor.ctx.close();
});

test('a new visitor conversation and each visitor message reach staff live; the tab title counts them', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // A workspace of its own: nobody else's visitors wait in it.
  const staff = await person(browser, 'Lee Live');
  const own = await api<Ws>(staff.page, 'workspace.create', { name: `Live inbox ${run}` });
  await api(staff.page, 'widget.update', {
    workspaceId: own.id,
    enabled: true,
    allowedOrigins: [HOST_ORIGIN],
  });
  const key = (await api<{ secret: string }>(staff.page, 'widget.rotateSecret', { workspaceId: own.id }))
    .secret;
  const name = 'Vic Visitor';
  const token = signIdentity(key, { sub: uniq('live'), name, exp: inSeconds(600) });

  await staff.page.goto(`/w/${own.slug}`);
  await expect(staff.page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  const visitors = staff.page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('region', { name: 'Visitors' });
  const visit = visitors.getByRole('link', { name: new RegExp(`Chat with ${name}`) });
  await expect(staff.page).not.toHaveTitle(/^\(\d+\) /);

  const visitor = await hostPage(browser, hostPageUrl(HOST_ORIGIN, { ws: own.slug, token }));
  const frame = chat(visitor.page);
  const box = frame.getByLabel(`Message Chat with ${name}`, { exact: true });
  await launcher(visitor.page).click();
  await send(box, 'Hello, is anyone there?');

  await test.step('the new conversation appears in the sidebar at once, waiting, and the title counts it', async () => {
    // The listing's own poll is 20 s: within 5 s, only the live event can have done it.
    await expect(visit).toBeVisible({ timeout: 5_000 });
    await expect(visit.getByTestId('waiting-badge')).toBeVisible({ timeout: 5_000 });
    await expect(staff.page).toHaveTitle(/^\(1\) /, { timeout: 5_000 });
  });

  await test.step('answered, it waits no more', async () => {
    await visit.click();
    await staff.page.getByRole('button', { name: 'Join conversation' }).click();
    await send(staff.page.getByLabel(`Message Chat with ${name}`, { exact: true }), 'Yes, Lee here.');
    await expect(
      article(frame.getByRole('feed', { name: `Messages in Chat with ${name}` }), 'Lee here'),
    ).toBeVisible();
    await staff.page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('link', { name: /general/ })
      .click();
    await expect(visit.getByTestId('waiting-badge')).toBeHidden({ timeout: 5_000 });
    await expect(staff.page).not.toHaveTitle(/^\(\d+\) /, { timeout: 5_000 });
  });

  await test.step('the visitor writes again: the conversation counts again, live', async () => {
    await send(box, 'One more question.');
    await expect(visit.getByTestId('unread-badge').or(visit.getByTestId('waiting-badge'))).toBeVisible({
      timeout: 5_000,
    });
    await expect(staff.page).toHaveTitle(/^\(1\) /, { timeout: 5_000 });
  });

  await visitor.ctx.close();
  await staff.ctx.close();
});

// ------------------------------------------------------------------ c. record conversations

test('Enclave.open and messaging:start open a record conversation the identity lists, and only those', async ({
  browser,
}) => {
  const name = 'Ivy Invoice';
  const visitor = await hostPage(browser, hostPageUrl(HOST_ORIGIN, { ws: ws.slug, token: identity(name) }));
  const page = visitor.page;
  const frame = chat(page);
  const heading = (title: string) => frame.getByRole('heading', { level: 2, name: title });
  const about = uniq('Is the discount applied on invoice 42?');

  await test.step('Enclave.open({ subject, title }) opens the record conversation', async () => {
    await page.evaluate(() =>
      (window as unknown as HostWindow).Enclave!.open({
        subject: { type: 'invoice', id: '42' },
        title: 'Invoice 42',
      }),
    );
    await expect(launcher(page)).toHaveAccessibleName('Close chat');
    await expect(heading('Invoice 42')).toBeVisible();
    await send(frame.getByLabel('Message Invoice 42', { exact: true }), about);
    await expect(article(frame.getByRole('feed', { name: 'Messages in Invoice 42' }), about)).toBeVisible();
  });

  await test.step('staff find it as the invoice’s record conversation, with the message', async () => {
    const list = await api<SubjectConversation[]>(
      owner.page,
      'channel.listBySubject',
      { workspaceId: ws.id, type: 'invoice' },
      'query',
    );
    const record = list.find((r) => r.subject.id === '42');
    expect(record).toMatchObject({ title: 'Invoice 42', subject: { type: 'invoice', id: '42' } });
    await expect
      .poll(async () => {
        const history = await api<HistoryPage>(
          owner.page,
          'message.history',
          { workspaceId: ws.id, conversationId: record!.id },
          'query',
        );
        return history.messages.map((m) => m.body);
      })
      .toContain(about);
  });

  await test.step('a messaging:start event on the document opens it too', async () => {
    // First somewhere else (the visitor's own conversation), closed.
    await page.evaluate(() => (window as unknown as HostWindow).Enclave!.open());
    await expect(heading(`Chat with ${name}`)).toBeVisible();
    await page.evaluate(() => (window as unknown as HostWindow).Enclave!.close());
    await expect(launcher(page)).toHaveAccessibleName('Open chat');
    await page.evaluate(() =>
      document.dispatchEvent(
        new CustomEvent('messaging:start', { detail: { subject: { type: 'invoice', id: '42' } } }),
      ),
    );
    await expect(launcher(page)).toHaveAccessibleName('Close chat');
    await expect(heading('Invoice 42')).toBeVisible();
    await expect(article(frame.getByRole('feed', { name: 'Messages in Invoice 42' }), about)).toBeVisible();
  });

  await test.step('a record the identity does not list is not available', async () => {
    await page.evaluate(() =>
      (window as unknown as HostWindow).Enclave!.open({
        subject: { type: 'invoice', id: '43' },
        title: 'Invoice 43',
      }),
    );
    // (Next's route announcer is an empty alert too: pick the widget's by its words.)
    await expect(
      frame.getByRole('alert').filter({ hasText: "This conversation isn't available to you." }),
    ).toBeVisible();
    await expect(heading('Invoice 43')).toHaveCount(0);
    await expect
      .poll(() => hostEvents(page, 'error'))
      .toEqual([expect.objectContaining({ code: 'FORBIDDEN' })]);
    const list = await api<SubjectConversation[]>(
      owner.page,
      'channel.listBySubject',
      { workspaceId: ws.id, type: 'invoice' },
      'query',
    );
    expect(list.map((r) => r.subject.id)).not.toContain('43');
  });

  await visitor.ctx.close();
});

// ------------------------------------------------------------------ d. refused identities

for (const kind of ['forged', 'expired'] as const) {
  test(`${kind === 'forged' ? 'a forged' : 'an expired'} identity token is refused: the visitor is told, the host gets an error, nobody is created`, async ({
    browser,
  }) => {
    const name = kind === 'forged' ? 'Fiona Forged' : 'Eli Expired';
    const claims = { sub: uniq(kind), name, exp: inSeconds(kind === 'expired' ? -60 : 600) };
    const token =
      kind === 'forged'
        ? signIdentity(`${secret}-but-not-quite`, claims)
        : signIdentity(secret, { ...claims, subjects: [{ type: 'invoice', id: '42' }] });
    const visitor = await hostPage(browser, hostPageUrl(HOST_ORIGIN, { ws: ws.slug, token }));
    const page = visitor.page;

    await expect
      .poll(() => hostEvents(page, 'error'))
      .toEqual([
        {
          code: 'UNAUTHORIZED',
          message: expect.stringMatching(kind === 'forged' ? /signature is invalid/ : /expired/),
        },
      ]);
    await launcher(page).click();
    const frame = chat(page);
    await expect(
      frame.getByRole('alert').filter({ hasText: "We couldn't confirm who you are" }),
    ).toBeVisible();
    await expect(frame.getByRole('textbox')).toHaveCount(0);
    expect(await hostEvents(page, 'ready')).toEqual([]);

    const members = await everyone();
    expect(members.filter((m) => m.visitor && m.name === name)).toEqual([]);
    await visitor.ctx.close();
  });
}

// ------------------------------------------------------------------ e. origins

test('a page on an origin not on the allow-list gets no widget frame and cannot start a session', async ({
  browser,
  request,
}) => {
  await test.step('headers: the widget page may be framed by the allowed origin only; other pages by nobody', async () => {
    const widget = await request.get(`/widget?workspace=${ws.slug}`);
    expect(widget.ok()).toBe(true);
    const policy = widget.headers()['content-security-policy'] ?? '';
    expect(policy).toContain(`frame-ancestors ${HOST_ORIGIN}`);
    expect(policy).not.toContain(OTHER_ORIGIN);
    expect(widget.headers()['x-frame-options']).toBeUndefined();
    const signIn = await request.get('/sign-in');
    expect(signIn.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(signIn.headers()['x-frame-options']).toBe('DENY');
  });

  await test.step('the same host page from 127.0.0.1: embed.js frames nothing and warns instead', async () => {
    // The frame would be refused by frame-ancestors (above); the loader checks the public config
    // first, so visitors get no grey box (e2e/widget-look.spec.ts covers the notice itself).
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const lines: string[] = [];
    page.on('console', (m) => lines.push(m.text()));
    await page.goto(hostPageUrl(OTHER_ORIGIN, { ws: ws.slug, token: identity('Otto Other') }));
    await expect.poll(() => lines.filter((l) => l.includes("isn't an allowed origin"))).toHaveLength(1);
    await expect(launcher(page)).toHaveCount(0);
    await expect(page.locator('iframe')).toHaveCount(0);
    expect(await hostEvents(page, 'ready')).toEqual([]);
    expect(await hostEvents(page, 'error')).toEqual([]);
    await ctx.close();
  });

  await test.step('widget.session from that origin, or for it, is FORBIDDEN', async () => {
    const session = (origin: string, hostOrigin: string) =>
      request.post('/api/trpc/widget.session', {
        data: { workspace: ws.slug, hostOrigin, token: identity('Otto Other') },
        headers: { origin },
      });
    const code = async (res: Awaited<ReturnType<typeof session>>) =>
      ((await res.json()) as { error?: { data?: { code?: string } } }).error?.data?.code;
    const refused = await session(OTHER_ORIGIN, OTHER_ORIGIN);
    expect(refused.status()).toBe(403);
    expect(await code(refused)).toBe('FORBIDDEN');
    // Naming the allowed host does not help a request that comes from elsewhere.
    const lying = await session(OTHER_ORIGIN, HOST_ORIGIN);
    expect(lying.status()).toBe(403);
    expect(await code(lying)).toBe('FORBIDDEN');
    // The same call from the allowed origin works: it is the origin that is refused.
    const allowed = await session(HOST_ORIGIN, HOST_ORIGIN);
    expect(allowed.status(), await allowed.text()).toBe(200);
    const members = await everyone();
    expect(members.filter((m) => m.name === 'Otto Other')).toHaveLength(1);
  });
});
