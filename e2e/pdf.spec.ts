import { expect, test, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { testPdf } from '../test/pdf';
import {
  APP_ORIGIN,
  HOST_ORIGIN,
  inSeconds,
  openWidgetAsVisitor,
  signIdentity,
  startHostPages,
  type HostPages,
} from './host-page';
import { api, BASE, expectAccessible, person, uniq, workspaceWith, type Person, type Ws } from './support';

// PDFs in the chat (docs/files.md, "PDF"): the server draws a scanned PDF's first page as its
// thumbnail; a click opens the in-app viewer, where PDF.js draws its pages from bytes fetched
// through the download route, with its worker, fonts and maps from this origin only.

type Scope = Page | FrameLocator;
const composer = (scope: Scope, label = 'Message #general') => scope.getByLabel(label, { exact: true });
const feed = (scope: Scope, name = 'Messages in #general') => scope.getByRole('feed', { name });
const article = (scope: Locator, text: string) => scope.getByRole('article').filter({ hasText: text });
const attach = (scope: Scope) => scope.getByTestId('attach-input');
const chip = (scope: Scope, name: string) =>
  scope.getByRole('list', { name: 'Attachments' }).getByRole('listitem').filter({ hasText: name });
const live = (page: Page) =>
  expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');

// Three pages in three colours and shapes: which one is drawn shows in its pixels.
const RED = [0.9, 0.3, 0.2] as const;
const BLUE = [0.2, 0.5, 0.9] as const;
const GREEN = [0.2, 0.7, 0.3] as const;
const report = testPdf([
  { width: 200, height: 300, fill: RED },
  { width: 300, height: 200, fill: BLUE },
  { width: 250, height: 250, fill: GREEN },
]);

/** What the drawn page looks like: its size, the colour near its top-left corner, how much is not white. */
async function drawn(canvas: Locator) {
  return canvas.evaluate((el: HTMLCanvasElement) => {
    const ctx = el.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    const { data } = ctx.getImageData(0, 0, el.width, el.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) inked++;
    const corner = ctx.getImageData(4, 4, 1, 1).data;
    return {
      width: el.width,
      height: el.height,
      cssWidth: el.getBoundingClientRect().width,
      corner: [corner[0]!, corner[1]!, corner[2]!],
      inked: inked / (data.length / 4),
    };
  });
}
const rgb = (c: readonly [number, number, number]) => c.map((v) => Math.round(v * 255));
const near = (got: number[], want: readonly [number, number, number]) =>
  got.every((v, i) => Math.abs(v - rgb(want)[i]!) < 30);

/**
 * Every origin a context's pages and workers asked for something (blob: URLs name the origin that
 * made them; data: URLs go nowhere), and the workers' scripts.
 */
function watchNetwork(p: Person) {
  const origins = new Set<string>();
  const workers: string[] = [];
  p.ctx.on('request', (r) => {
    if (!r.url().startsWith('data:')) origins.add(new URL(r.url()).origin);
  });
  p.page.on('worker', (w) => workers.push(w.url()));
  return { origins, workers };
}

/** Content-Security-Policy violations on the context's pages, as `directive blocked-uri`. */
async function watchCsp(p: Person) {
  await p.ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return () => p.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

let ann: Person;
let bob: Person;
let ws: Ws & { name: string };
let hostPages: HostPages | undefined;

test.beforeAll(async ({ browser }) => {
  ann = await person(browser, 'Ann Author');
  bob = await person(browser, 'Bob Reader');
  ws = await workspaceWith(ann, 'PDFs', bob);
});

test.afterAll(async () => {
  await ann?.ctx.close();
  await bob?.ctx.close();
  await hostPages?.close();
});

test('a PDF gets its first page as a preview and opens in the viewer: pages, keys, zoom, Escape', async () => {
  test.setTimeout(150_000);
  const a = ann.page;
  const b = bob.page;
  const net = watchNetwork(bob);
  const violations = await watchCsp(bob);
  await a.goto(`/w/${ws.slug}`);
  await live(a);
  await b.goto(`/w/${ws.slug}`);
  await live(b);
  const tag = uniq('the quarterly report');

  await test.step('uploaded in chat and sent; the other member gets its first page as the preview', async () => {
    await attach(a).setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: report });
    await expect(chip(a, 'report.pdf')).toHaveAttribute('data-state', 'done');
    await composer(a).fill(tag);
    await composer(a).press('Enter');
    const theirs = article(feed(b), tag);
    await expect(theirs).toBeVisible({ timeout: 5_000 });
    const tile = theirs.getByRole('button', { name: 'Open PDF report.pdf' });
    // Scanned, then its first page drawn on the server: both arrive live.
    await expect(tile.getByRole('img', { name: 'First page of report.pdf' })).toHaveAttribute(
      'src',
      /^blob:/,
      {
        timeout: 60_000,
      },
    );
    // The tile has the first page's proportions (200 × 300 points).
    const box = await tile.boundingBox();
    expect(box && Math.abs(box.width / box.height - 200 / 300)).toBeLessThan(0.05);
  });

  await test.step('a click opens the viewer on page 1 of 3, drawn (not blank) in the first page’s colour', async () => {
    const tile = article(feed(b), tag).getByRole('button', { name: 'Open PDF report.pdf' });
    await tile.click();
    const dialog = b.getByRole('dialog', { name: 'report.pdf' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText('Page 1 of 3')).toBeVisible({ timeout: 20_000 });
    const canvas = dialog.getByRole('img', { name: 'Page 1 of report.pdf' });
    await expect(canvas).toHaveAttribute('data-drawn', 'true', { timeout: 20_000 });
    const page1 = await drawn(canvas);
    expect(page1.inked).toBeGreaterThan(0.9);
    expect(near(page1.corner, RED), `corner ${page1.corner.join(',')}`).toBe(true);
    expect(page1.width / page1.height).toBeCloseTo(200 / 300, 1);
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    await expectAccessible(b);
  });

  await test.step('the keys turn pages (Page Down, arrows, End, Home) and zoom (+, -)', async () => {
    const dialog = b.getByRole('dialog', { name: 'report.pdf' });
    const at = async (n: number, fill: readonly [number, number, number]) => {
      await expect(dialog.getByText(`Page ${n} of 3`)).toBeVisible();
      const canvas = dialog.getByRole('img', { name: `Page ${n} of report.pdf` });
      await expect(canvas).toHaveAttribute('data-drawn', 'true');
      const d = await drawn(canvas);
      expect(near(d.corner, fill), `page ${n} corner ${d.corner.join(',')}`).toBe(true);
      return d;
    };
    await b.keyboard.press('PageDown');
    const page2 = await at(2, BLUE);
    expect(page2.width / page2.height).toBeCloseTo(300 / 200, 1);
    await b.keyboard.press('ArrowRight');
    await at(3, GREEN);
    await b.keyboard.press('ArrowRight');
    await at(3, GREEN);
    await b.keyboard.press('PageUp');
    await at(2, BLUE);
    await b.keyboard.press('Home');
    const before = await at(1, RED);
    await b.keyboard.press('End');
    await at(3, GREEN);
    await b.keyboard.press('ArrowLeft');
    await b.keyboard.press('ArrowLeft');
    await at(1, RED);

    await b.keyboard.press('+');
    await expect(dialog.getByText('125%')).toBeVisible();
    await expect
      .poll(async () => (await drawn(dialog.getByRole('img', { name: 'Page 1 of report.pdf' }))).cssWidth)
      .toBeCloseTo(before.cssWidth * 1.25, 0);
    await b.keyboard.press('-');
    await b.keyboard.press('-');
    await expect(dialog.getByText('75%')).toBeVisible();
    await dialog.getByRole('button', { name: 'Next page' }).click();
    await at(2, BLUE);
  });

  await test.step('Escape closes it and focus goes back to the preview', async () => {
    const dialog = b.getByRole('dialog', { name: 'report.pdf' });
    await b.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(article(feed(b), tag).getByRole('button', { name: 'Open PDF report.pdf' })).toBeFocused();
  });

  await test.step('PDF.js came from this origin: its worker, and no request to any other host', async () => {
    expect(net.workers).toContain(`${BASE}/pdfjs/pdf.worker.min.mjs`);
    expect([...net.origins]).toEqual([BASE]);
    // And the page's policy let it all be: nothing was refused along the way.
    expect(await violations()).toEqual([]);
  });
});

test('a PDF that cannot be read stays a card: the viewer says so and offers the download', async () => {
  test.setTimeout(90_000);
  const a = ann.page;
  const b = bob.page;
  await a.goto(`/w/${ws.slug}`);
  await live(a);
  await b.goto(`/w/${ws.slug}`);
  await live(b);
  const broken = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R', 'latin1');
  const tag = uniq('a broken one');
  await attach(a).setInputFiles({ name: 'broken.pdf', mimeType: 'application/pdf', buffer: broken });
  await expect(chip(a, 'broken.pdf')).toHaveAttribute('data-state', 'done');
  await composer(a).fill(tag);
  await composer(a).press('Enter');
  const card = article(feed(b), tag).getByRole('listitem').filter({ hasText: 'broken.pdf' });
  await expect(card).toContainText(/Scanned|Not scanned/, { timeout: 45_000 });
  await card.getByRole('button', { name: 'Open PDF broken.pdf' }).click();
  const dialog = b.getByRole('dialog', { name: 'broken.pdf' });
  await expect(dialog.getByRole('alert')).toContainText('This PDF cannot be shown — download it instead');
  await expect(dialog.getByRole('alert').getByRole('link', { name: 'Download broken.pdf' })).toBeVisible();
  await b.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // No preview ever came: still a card.
  await expect(card.getByRole('button', { name: 'Open PDF broken.pdf' })).toBeFocused();
});

test('a widget visitor opens a PDF the staff sent, fetched with the visitor’s token', async ({ browser }) => {
  test.setTimeout(150_000);
  hostPages = await startHostPages();
  await api(ann.page, 'widget.update', { workspaceId: ws.id, enabled: true, allowedOrigins: [HOST_ORIGIN] });
  const secret = (await api<{ secret: string }>(ann.page, 'widget.rotateSecret', { workspaceId: ws.id }))
    .secret;
  const name = 'Paula Portal';
  const token = signIdentity(secret, { sub: uniq('host-user'), name, exp: inSeconds(600) });
  const { ctx, page: host, chat: frame } = await openWidgetAsVisitor(browser, { ws: ws.slug, token });
  const workers: string[] = [];
  host.on('worker', (w) => workers.push(w.url()));
  const own = `Chat with ${name}`;
  const hello = uniq('hello');
  await composer(frame, `Message ${own}`).fill(hello);
  await composer(frame, `Message ${own}`).press('Enter');
  await expect(article(feed(frame, `Messages in ${own}`), hello)).toBeVisible();

  const s = ann.page;
  await s.goto(`/w/${ws.slug}`);
  await live(s);
  await s
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('region', { name: 'Visitors' })
    .getByRole('link', { name: new RegExp(own) })
    .click();
  await s.getByRole('button', { name: 'Join conversation' }).click();
  const label = `Message ${own}`;
  await attach(s).setInputFiles({ name: 'offer.pdf', mimeType: 'application/pdf', buffer: report });
  await expect(chip(s, 'offer.pdf')).toHaveAttribute('data-state', 'done');
  const caption = uniq('our offer');
  await composer(s, label).fill(caption);
  await composer(s, label).press('Enter');

  const theirs = article(feed(frame, `Messages in ${own}`), caption);
  const tile = theirs.getByRole('button', { name: 'Open PDF offer.pdf' });
  await expect(tile.locator('img')).toHaveAttribute('src', /^blob:/, { timeout: 60_000 });
  await tile.click();
  const dialog = frame.getByRole('dialog', { name: 'offer.pdf' });
  await expect(dialog.getByText('Page 1 of 3')).toBeVisible({ timeout: 20_000 });
  const canvas = dialog.getByRole('img', { name: 'Page 1 of offer.pdf' });
  await expect(canvas).toHaveAttribute('data-drawn', 'true', { timeout: 20_000 });
  expect((await drawn(canvas)).inked).toBeGreaterThan(0.9);
  await host.keyboard.press('PageDown');
  await expect(dialog.getByText('Page 2 of 3')).toBeVisible();
  await host.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(workers).toContain(`${APP_ORIGIN}/pdfjs/pdf.worker.min.mjs`);
  await ctx.close();
});
