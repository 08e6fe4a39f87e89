import { expect, test, type Page } from '@playwright/test';
import { png } from './images';
import { api, BASE, expectAccessible, person, uniq, workspaceWith, type Person, type Ws } from './support';

// Positioned comments on a picture: marked on a region in the lightbox, shown as a pin, live in a
// second browser context, replied to and resolved there.

async function sendPicture(p: Person, ws: Ws, conversationId: string, text: string) {
  const r = await p.page.request.post(`/api/v1/workspaces/${ws.id}/conversations/${conversationId}/files`, {
    headers: { 'x-file-name': 'floor-plan.png', 'content-type': 'application/octet-stream', origin: BASE },
    data: png(400, 300),
  });
  expect(r.status()).toBe(201);
  const { file } = (await r.json()) as { file: { id: string } };
  await api(p.page, 'message.send', {
    workspaceId: ws.id,
    conversationId,
    clientMsgId: uniq('cm'),
    body: text,
    fileIds: [file.id],
  });
}

async function openPicture(page: Page, ws: Ws, text: string) {
  await page.goto(`/w/${ws.slug}`);
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  const open = page
    .getByRole('article')
    .filter({ hasText: text })
    .getByRole('button', { name: 'Open picture floor-plan.png' });
  await expect(open).toBeVisible({ timeout: 45_000 });
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'floor-plan.png' });
  await expect(dialog.getByRole('img', { name: 'floor-plan.png' })).toHaveAttribute('src', /^blob:/);
  return dialog;
}

test('a comment on a region of a picture arrives live, is replied to and resolved', async ({ browser }) => {
  test.setTimeout(120_000);
  const ann = await person(browser, 'Ann Annotator');
  const bob = await person(browser, 'Bob Builder');
  const ws = await workspaceWith(ann, 'Comments', bob);
  const [general] = await api<{ id: string }[]>(ann.page, 'channel.list', { workspaceId: ws.id }, 'query');
  const text = uniq('the new floor plan');
  await sendPicture(ann, ws, general!.id, text);
  const a = await openPicture(ann.page, ws, text);
  const b = await openPicture(bob.page, ws, text);
  await expect(b.getByText('No comments yet.')).toBeVisible();

  await test.step('Ann marks a region by dragging on the picture and comments on it', async () => {
    await a.getByRole('button', { name: 'Mark a region' }).click();
    const overlay = a.getByTestId('comment-overlay');
    const box = (await overlay.boundingBox())!;
    await ann.page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
    await ann.page.mouse.down();
    await ann.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6, { steps: 5 });
    await ann.page.mouse.up();
    await expect(a.getByText('On the marked region')).toBeVisible();
    await expect(a.getByLabel('On the marked region')).toBeFocused();
    await ann.page.keyboard.type('Can this wall move?');
    await a.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect(a.getByTestId('comment-thread')).toContainText('Can this wall move?');
    // The pin sits at the region's corner: 20 % across, 30 % down.
    const pin = (await a.getByTestId('comment-pin').boundingBox())!;
    expect(Math.abs(pin.x + pin.width / 2 - (box.x + box.width * 0.2))).toBeLessThan(4);
    expect(Math.abs(pin.y + pin.height / 2 - (box.y + box.height * 0.3))).toBeLessThan(4);
  });

  await test.step('Bob sees the pin and the thread without reloading, and replies', async () => {
    await expect(b.getByTestId('comment-pin')).toHaveCount(1, { timeout: 10_000 });
    await expect(b.getByTestId('comment-thread')).toContainText(`${ann.name}`);
    await expect(b.getByTestId('comment-thread')).toContainText('Can this wall move?');
    await b.getByLabel('Reply to comment 1').fill('Yes, it is not load-bearing.');
    await b.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect(a.getByTestId('comment-thread')).toContainText('Yes, it is not load-bearing.', {
      timeout: 10_000,
    });
    await expectAccessible(bob.page);
  });

  await test.step('Ann resolves the thread: its pin goes for both', async () => {
    await a.getByRole('button', { name: 'Resolve' }).click();
    await expect(a.getByTestId('comment-pin')).toHaveCount(0);
    await expect(b.getByTestId('comment-pin')).toHaveCount(0, { timeout: 10_000 });
    await b.getByLabel('Show 1 resolved').check();
    await expect(b.getByRole('button', { name: 'Reopen' })).toBeVisible();
  });

  await test.step('a comment on the whole picture works from the keyboard alone', async () => {
    await b.getByPlaceholder('Add a comment').focus();
    await bob.page.keyboard.type('Colours look right.');
    await bob.page.keyboard.press('Tab');
    await bob.page.keyboard.press('Enter');
    await expect(b.getByTestId('comment-thread').filter({ hasText: 'Colours look right.' })).toBeVisible();
  });
  for (const p of [ann, bob]) await p.ctx.close();
});
