import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type FrameLocator, type Locator, type Page } from '@playwright/test';
import {
  HOST_ORIGIN,
  inSeconds,
  openWidgetAsVisitor,
  signIdentity,
  startHostPages,
  type HostPages,
} from './host-page';
import { png } from './images';
import { api, expectAccessible, person, uniq, workspaceWith, type Person, type Ws } from './support';

// Attachments (docs/files.md) in the web app and the widget: the composer's paperclip, drag and
// drop, the chips, the scan's verdict arriving live, thumbnails, the lightbox and downloads. People
// and workspaces are made through the API (e2e/support.ts), as in chat.spec.ts.

// The EICAR test file, put together only at run time (so the repository never holds it whole).
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

type Scope = Page | FrameLocator;
const composer = (scope: Scope, label = 'Message #general') => scope.getByLabel(label, { exact: true });
const feed = (scope: Scope, name = 'Messages in #general') => scope.getByRole('feed', { name });
const article = (scope: Locator, text: string) => scope.getByRole('article').filter({ hasText: text });
const chips = (scope: Scope) => scope.getByRole('list', { name: 'Attachments' });
const chip = (scope: Scope, name: string) => chips(scope).getByRole('listitem').filter({ hasText: name });
const attach = (scope: Scope) => scope.getByTestId('attach-input');
const live = (page: Page) =>
  expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');

async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path);
}

async function openChat(p: Person, ws: Ws) {
  await p.page.goto(`/w/${ws.slug}`);
  await expect(composer(p.page)).toBeVisible();
  await live(p.page);
}

let ann: Person;
let bob: Person;
let ws: Ws & { name: string };

test.beforeAll(async ({ browser }) => {
  ann = await person(browser, 'Ann Attacher');
  bob = await person(browser, 'Bob Browser');
  ws = await workspaceWith(ann, 'Files', bob);
});

test.afterAll(async () => {
  await ann?.ctx.close();
  await bob?.ctx.close();
});

test('a picture and a text file: upload, scan, thumbnail live elsewhere, lightbox and download', async () => {
  test.setTimeout(150_000);
  const a = ann.page;
  const b = bob.page;
  await openChat(ann, ws);
  await openChat(bob, ws);
  const picture = png(480, 300);
  const tag = uniq('here is a picture');

  await test.step('the paperclip attaches a picture: a chip with its size, then it uploads', async () => {
    await expect(a.getByRole('button', { name: 'Attach files' })).toBeVisible();
    await attach(a).setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: picture });
    const c = chip(a, 'gradient.png');
    await expect(c).toBeVisible();
    await expect(c).toContainText(/\d+(\.\d)? KB|\d+ B/);
    await expect(c).toHaveAttribute('data-state', 'done');
    await expect(c.getByRole('button', { name: 'Remove gradient.png' })).toBeVisible();
    await expect(a.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  });

  await test.step('sent with text; the other member sees it arrive and its thumbnail after the scan', async () => {
    const box = composer(a);
    await box.fill(tag);
    await box.press('Enter');
    await expect(box).toHaveValue('');
    await expect(chips(a)).toHaveCount(0);
    const mine = article(feed(a), tag);
    await expect(mine.getByText('gradient.png').first()).toBeVisible();
    const theirs = article(feed(b), tag);
    await expect(theirs).toBeVisible({ timeout: 5_000 });
    // Scanned, then given a thumbnail: both arrive as file:updated events, no reload.
    const thumb = theirs.getByRole('button', { name: 'Open picture gradient.png' });
    await expect(thumb).toBeVisible({ timeout: 45_000 });
    await expect(thumb.locator('img')).toHaveAttribute('src', /^blob:/, { timeout: 10_000 });
    // Its box comes from the picture's proportions (480 × 300, shown at most 360 wide).
    const shown = await thumb.boundingBox();
    expect(shown?.width).toBeLessThanOrEqual(362);
    expect(shown && Math.abs(shown.width / shown.height - 480 / 300)).toBeLessThan(0.05);
  });

  await test.step('the lightbox opens the full picture; Escape closes it and focus returns', async () => {
    const thumb = article(feed(b), tag).getByRole('button', { name: 'Open picture gradient.png' });
    await thumb.click();
    const dialog = b.getByRole('dialog', { name: 'gradient.png' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('img', { name: 'gradient.png' })).toHaveAttribute('src', /^blob:/);
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    await expectAccessible(b);
    await b.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(thumb).toBeFocused();
  });

  await test.step('downloading gives back the very bytes uploaded', async () => {
    const thumb = article(feed(b), tag).getByRole('button', { name: 'Open picture gradient.png' });
    await thumb.click();
    const dialog = b.getByRole('dialog', { name: 'gradient.png' });
    const [download] = await Promise.all([
      b.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download gradient.png' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('gradient.png');
    expect((await bytesOf(download)).equals(picture)).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  });

  const notes = `Meeting notes ${uniq('notes')}\nline two, ünïcode ✓\n`;
  await test.step('a text file alone (no text) is a card with its status and a download', async () => {
    await attach(a).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(notes) });
    await expect(chip(a, 'notes.txt')).toHaveAttribute('data-state', 'done');
    await a.getByRole('button', { name: 'Send', exact: true }).click();
    const card = feed(b).getByRole('listitem').filter({ hasText: 'notes.txt' });
    await expect(card).toBeVisible({ timeout: 5_000 });
    await expect(card).toContainText(/Scanned|Not scanned/, { timeout: 45_000 });
    const [download] = await Promise.all([
      b.waitForEvent('download'),
      card.getByRole('link', { name: 'Download notes.txt' }).click(),
    ]);
    expect((await bytesOf(download)).toString('utf8')).toBe(notes);
    await expectAccessible(b);
  });

  await test.step('a file dropped on the conversation shows the drop target and goes to the composer', async () => {
    const main = a.locator('.conv-main');
    const dt = await a.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File(['dropped content'], 'dropped.txt', { type: 'text/plain' }));
      return d;
    });
    await main.dispatchEvent('dragenter', { dataTransfer: dt });
    await main.dispatchEvent('dragover', { dataTransfer: dt });
    await expect(a.getByTestId('drop-target')).toContainText('Drop files to attach them to #general');
    await main.dispatchEvent('drop', { dataTransfer: dt });
    await expect(a.getByTestId('drop-target')).toHaveCount(0);
    await expect(chip(a, 'dropped.txt')).toHaveAttribute('data-state', 'done');
    await expect(composer(a)).toBeFocused();
    const caption = uniq('dropped it');
    await composer(a).fill(caption);
    await composer(a).press('Enter');
    await expect(article(feed(b), caption).getByTitle('dropped.txt')).toBeVisible({ timeout: 5_000 });
  });

  await test.step('a file pasted into the message box is attached like any other', async () => {
    const dt = await a.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File(['pasted content'], 'pasted.txt', { type: 'text/plain' }));
      return d;
    });
    await composer(a).focus();
    await composer(a).evaluate((el, clipboardData) => {
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    }, dt);
    await expect(chip(a, 'pasted.txt')).toHaveAttribute('data-state', 'done');
    await expectAccessible(a);
    await composer(a).press('Enter');
    await expect(feed(b).getByTitle('pasted.txt')).toBeVisible({ timeout: 5_000 });
  });

  await test.step('removing an uploaded chip removes the upload; nothing is left to send', async () => {
    await attach(a).setInputFiles({
      name: 'unwanted.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('no'),
    });
    const c = chip(a, 'unwanted.txt');
    await expect(c).toHaveAttribute('data-state', 'done');
    await c.getByRole('button', { name: 'Remove unwanted.txt' }).click();
    await expect(chips(a)).toHaveCount(0);
    await expect(a.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  });
});

test('a file over the workspace’s limit is refused on its chip, before it uploads', async () => {
  await api(ann.page, 'attachment.updateSettings', { workspaceId: ws.id, maxMb: 1 });
  await openChat(ann, ws);
  const a = ann.page;
  await attach(a).setInputFiles({
    name: 'too-big.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(1.5 * 1024 * 1024, 7),
  });
  const c = chip(a, 'too-big.bin');
  await expect(c).toHaveAttribute('data-state', 'error');
  await expect(c.getByRole('alert')).toHaveText(
    'Too large (1.5 MB): files in this workspace can be at most 1 MB',
  );
  // Nothing to send: the failed chip carries no file.
  await expect(a.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await c.getByRole('button', { name: 'Remove too-big.bin' }).click();
  await expect(chips(a)).toHaveCount(0);
  await api(ann.page, 'attachment.updateSettings', { workspaceId: ws.id, maxMb: 25 });
});

test('the malware scan blocks the EICAR test file and tells its uploader', async () => {
  const settings = await api<{ scanning: boolean }>(
    ann.page,
    'attachment.settings',
    { workspaceId: ws.id },
    'query',
  );
  await openChat(ann, ws);
  const a = ann.page;
  await attach(a).setInputFiles({
    name: 'eicar.com.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(EICAR),
  });
  const c = chip(a, 'eicar.com.txt');
  await expect(c).toHaveAttribute('data-state', 'done');
  if (settings.scanning) {
    await expect(c.getByRole('alert')).toHaveText('Blocked: malware found', { timeout: 45_000 });
    await composer(a).fill('sending the test virus');
    await composer(a).press('Enter');
    await expect(a.getByRole('alert').filter({ hasText: 'The malware scan blocked a file' })).toBeVisible();
    await expect(composer(a)).toHaveValue('sending the test virus');
    await a.goto(`/w/${ws.slug}/notifications`);
    await expect(a.getByText('A file you uploaded in #general was blocked.')).toBeVisible();
    await expect(a.getByText(/“eicar\.com\.txt” was blocked: malware found/)).toBeVisible();
  } else {
    // Without a scanner the workspace's default lets files through, marked as such.
    await expect(c).toContainText('Not scanned', { timeout: 45_000 });
  }
});

let hostPages: HostPages | undefined;
test.afterAll(async () => {
  await hostPages?.close();
});

test('a widget visitor attaches a picture, sees its thumbnail and the staff get it', async ({ browser }) => {
  test.setTimeout(150_000);
  hostPages = await startHostPages();
  await api(ann.page, 'widget.update', { workspaceId: ws.id, enabled: true, allowedOrigins: [HOST_ORIGIN] });
  const secret = (await api<{ secret: string }>(ann.page, 'widget.rotateSecret', { workspaceId: ws.id }))
    .secret;
  const name = 'Vera Visitor';
  const token = signIdentity(secret, { sub: uniq('host-user'), name, exp: inSeconds(600) });
  const { ctx, page: host, chat: frame } = await openWidgetAsVisitor(browser, { ws: ws.slug, token });
  const own = `Chat with ${name}`;
  const picture = png(40, 40);
  const caption = uniq('my screenshot');

  await test.step('the visitor attaches a picture through the paperclip and sends it', async () => {
    await expect(composer(frame, `Message ${own}`)).toBeVisible();
    await attach(frame).setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: picture });
    await expect(chip(frame, 'screen.png')).toHaveAttribute('data-state', 'done');
    await composer(frame, `Message ${own}`).fill(caption);
    await composer(frame, `Message ${own}`).press('Enter');
    const mine = article(feed(frame, `Messages in ${own}`), caption);
    // The frame fetches the thumbnail with its bearer token (it has no cookie).
    const thumb = mine.getByRole('button', { name: 'Open picture screen.png' });
    await expect(thumb.locator('img')).toHaveAttribute('src', /^blob:/, { timeout: 45_000 });
  });

  await test.step('the visitor downloads it back through the token', async () => {
    const mine = article(feed(frame, `Messages in ${own}`), caption);
    const [download] = await Promise.all([
      host.waitForEvent('download'),
      mine.getByRole('button', { name: 'Download screen.png' }).click(),
    ]);
    expect((await bytesOf(download)).equals(picture)).toBe(true);
  });

  await test.step('staff open the visitor’s conversation and see the picture', async () => {
    const s = ann.page;
    await s.goto(`/w/${ws.slug}`);
    await live(s);
    await s
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('region', { name: 'Visitors' })
      .getByRole('link', { name: new RegExp(own) })
      .click();
    const theirs = article(feed(s, `Messages in ${own}`), caption);
    await expect(
      theirs.getByRole('button', { name: 'Open picture screen.png' }).locator('img'),
    ).toHaveAttribute('src', /^blob:/, { timeout: 10_000 });
  });
  await ctx.close();
});
