import { expect, test, type Locator, type Page } from '@playwright/test';
import { api, expectWcag22, person, uniq, workspaceWith, type Person, type Ws } from './support';

// The message list and reactions by keyboard: the emoji picker over the full set (search, groups,
// a grid with one tab stop), the "+" after a message's reactions, roving focus between messages,
// and axe with WCAG 2.2's 24 px targets on the chat, a thread and the open picker.

async function withGeneral(owner: Person) {
  const ws = await workspaceWith(owner, 'Keys');
  const chans = await api<{ id: string; isDefault: boolean }[]>(
    owner.page,
    'channel.list',
    { workspaceId: ws.id },
    'query',
  );
  return { ws, general: chans.find((c) => c.isDefault)! };
}

const say = (page: Page, ws: Ws, conversationId: string, body: string) =>
  api(page, 'message.send', { workspaceId: ws.id, conversationId, clientMsgId: uniq('cm'), body });

const composer = (page: Page) => page.getByLabel('Message #general', { exact: true });
const feed = (page: Page) => page.getByRole('feed', { name: 'Messages in #general' });
const message = (scope: Locator, text: string) => scope.getByRole('article').filter({ hasText: text });
const picker = (page: Page) => page.getByRole('dialog', { name: 'Pick a reaction' });

/** The chat with the new workspace's checklist hidden, so the messages have the room on a phone. */
async function openChat(page: Page, ws: Ws) {
  await page.goto(`/w/${ws.slug}`);
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  await page
    .getByRole('region', { name: /^Get .* started$/ })
    .getByRole('button', { name: 'Hide' })
    .click();
}

/** The picker lies wholly inside the window. */
async function onScreen(page: Page, box: Locator) {
  const r = (await box.boundingBox())!;
  const vp = page.viewportSize()!;
  expect(r.x).toBeGreaterThanOrEqual(0);
  expect(r.y).toBeGreaterThanOrEqual(0);
  expect(r.x + r.width).toBeLessThanOrEqual(vp.width);
  expect(r.y + r.height).toBeLessThanOrEqual(vp.height);
}

async function axeBothThemes(page: Page) {
  await page.emulateMedia({ colorScheme: 'light' });
  await expectWcag22(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectWcag22(page);
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the emoji picker searches the full set, moves by arrow keys and gives focus back', async ({
  browser,
}) => {
  // Axe over the open picker (the full set, some 1,900 buttons) takes a while, four times over.
  test.setTimeout(240_000);
  const ann = await person(browser, 'Ann Picker');
  const { ws, general } = await withGeneral(ann);
  const text = uniq('react to me');
  await say(ann.page, ws, general.id, text);
  const a = ann.page;
  await openChat(a, ws);
  const row = message(feed(a), text);
  await row.hover();
  const opener = row
    .getByRole('toolbar', { name: 'Message actions' })
    .getByRole('button', { name: 'Add reaction' });
  await opener.click();
  const box = picker(a);
  const search = box.getByRole('searchbox', { name: 'Search emoji' });

  await test.step('opens with the search box focused, the common reactions first, then the groups', async () => {
    await expect(search).toBeFocused();
    await expect(box.getByRole('group', { name: 'Common reactions' }).getByRole('button')).toHaveCount(10);
    await expect(box.getByRole('group', { name: 'Flags' })).toBeVisible();
    await expect(box.getByRole('status')).toHaveCount(0);
    // The full set: many more than the common ten.
    expect(await box.locator('.emoji-btn').count()).toBeGreaterThan(1500);
    await box.getByRole('button', { name: 'Food and drink' }).click();
    await expect(
      box.getByRole('group', { name: 'Food and drink' }).getByRole('button').first(),
    ).toBeFocused();
  });

  await test.step('searches names, keywords and short-codes; says when nothing matches', async () => {
    await search.fill('tada');
    const results = box.getByRole('group', { name: 'Search results' }).getByRole('button');
    await expect(results.first()).toHaveAccessibleName('party popper');
    await search.fill('thumbs');
    await expect(results.first()).toHaveAccessibleName('thumbs up');
    await search.fill('heart');
    await expect(results.and(box.getByRole('button', { name: 'red heart', exact: true }))).toHaveCount(1);
    await search.fill('zzqx');
    await expect(box.getByRole('status')).toHaveText('No emoji match “zzqx”.');
    await search.fill('');
  });

  await test.step('the grid is one tab stop: arrows, Home and End move; Escape closes to the opener', async () => {
    await search.press('ArrowDown');
    const cells = box.locator('.emoji-btn');
    await expect(cells.nth(0)).toBeFocused();
    await expect(cells.nth(0)).toHaveAccessibleName('thumbs up');
    await a.keyboard.press('ArrowRight');
    await expect(cells.nth(1)).toBeFocused();
    await expect(cells.nth(1)).toHaveAccessibleName('red heart');
    await a.keyboard.press('ArrowDown');
    await expect(cells.nth(9)).toBeFocused();
    await expect(box.locator('.emoji-btn[tabindex="0"]')).toHaveCount(1);
    await a.keyboard.press('End');
    await expect(cells.last()).toBeFocused();
    await a.keyboard.press('Home');
    await expect(cells.nth(0)).toBeFocused();
    await a.keyboard.press('Escape');
    await expect(box).toBeHidden();
    await expect(opener).toBeFocused();
  });

  await test.step('Enter picks; the "+" after the reactions opens the same picker', async () => {
    await opener.press('Enter');
    await search.fill('tada');
    await search.press('ArrowDown');
    await a.keyboard.press('Enter');
    await expect(box).toBeHidden();
    await expect(row.getByRole('button', { name: /^🎉 1: you/ })).toBeVisible();
    const plus = row.getByRole('list', { name: 'Reactions' }).getByRole('button', { name: 'Add reaction' });
    await plus.click();
    await search.fill('fire');
    await box.getByRole('button', { name: 'fire', exact: true }).click();
    await expect(row.getByRole('button', { name: /^🔥 1: you/ })).toBeVisible();
    await expect(plus).toBeFocused();
  });

  await test.step('24 px targets and AA in both themes, picker open, on a desktop and a phone', async () => {
    // Axe over the whole set (some 1,900 buttons) once; the other runs over a search's few, which
    // have the same styles.
    await opener.click();
    await expect(box.getByRole('group', { name: 'Flags' })).toBeVisible();
    await onScreen(a, box);
    await expectWcag22(a);
    await search.fill('heart');
    await a.emulateMedia({ colorScheme: 'dark' });
    await expectWcag22(a);
    await a.emulateMedia({ colorScheme: 'light' });
    await a.keyboard.press('Escape');
    await a.setViewportSize({ width: 390, height: 844 });
    await row.hover();
    await opener.click();
    await expect(box.getByRole('group', { name: 'Flags' })).toBeVisible();
    await onScreen(a, box);
    await search.fill('heart');
    await axeBothThemes(a);
    await a.keyboard.press('Escape');
    const plus = row.getByRole('list', { name: 'Reactions' }).getByRole('button', { name: 'Add reaction' });
    await plus.click();
    await expect(search).toBeFocused();
    await onScreen(a, box);
    await a.keyboard.press('Escape');
  });
  await ann.ctx.close();
});

test('the message list is one tab stop: arrows, Home and End move between messages', async ({ browser }) => {
  const ann = await person(browser, 'Ann Roving');
  const { ws, general } = await withGeneral(ann);
  const texts = [uniq('first'), uniq('second'), uniq('third')];
  for (const t of texts) await say(ann.page, ws, general.id, t);
  const a = ann.page;
  await openChat(a, ws);
  const list = feed(a);
  const [one, two, three] = texts.map((t) => message(list, t));
  await expect(three!).toBeVisible();

  await test.step('only the latest message is in the tab order at first', async () => {
    await expect(list.locator('article[tabindex="0"]')).toHaveCount(1);
    await expect(three!).toHaveAttribute('tabindex', '0');
    await expect(one!).toHaveAttribute('tabindex', '-1');
    await expect(list).toHaveAttribute('tabindex', '-1');
  });

  await test.step('arrows, Home and End move focus and the tab stop', async () => {
    await three!.focus();
    await a.keyboard.press('ArrowUp');
    await expect(two!).toBeFocused();
    await expect(two!).toHaveAttribute('tabindex', '0');
    await expect(three!).toHaveAttribute('tabindex', '-1');
    await a.keyboard.press('Home');
    await expect(one!).toBeFocused();
    await a.keyboard.press('ArrowUp');
    await expect(one!).toBeFocused();
    await a.keyboard.press('End');
    await expect(three!).toBeFocused();
    await a.keyboard.press('ArrowUp');
    await expect(two!).toBeFocused();
  });

  await test.step("Tab goes into the focused message's actions; Escape goes back to the composer", async () => {
    await a.keyboard.press('Tab');
    await expect(two!.getByRole('button', { name: 'Add reaction' })).toBeFocused();
    await expect(two!.getByRole('toolbar')).toHaveCSS('opacity', '1');
    await a.keyboard.press('Shift+Tab');
    await expect(two!).toBeFocused();
    await a.keyboard.press('Escape');
    await expect(composer(a)).toBeFocused();
    // The tab stop stays where the reader left it.
    await expect(two!).toHaveAttribute('tabindex', '0');
  });

  await test.step('the chat and a thread pass axe with 24 px targets, desktop and phone, both themes', async () => {
    await axeBothThemes(a);
    await two!.hover();
    await two!.getByRole('button', { name: 'Reply in thread' }).click();
    const thread = a.getByRole('complementary', { name: 'Thread' });
    await expect(thread).toBeVisible();
    await axeBothThemes(a);
    await a.getByRole('button', { name: 'Close thread' }).click();
    await a.setViewportSize({ width: 390, height: 844 });
    await expect(three!).toBeVisible();
    await axeBothThemes(a);
  });
  await ann.ctx.close();
});

/** Where Tab takes focus, press by press: each stop's message (null outside the list) and name. */
async function tabStops(page: Page, presses: number, key = 'Tab') {
  const stops: { message: string | null; inList: boolean; name: string }[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press(key);
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const item = el.closest<HTMLElement>('article[data-message-id], article[data-client-msg-id]');
        return {
          message: item ? (item.dataset.messageId ?? item.dataset.clientMsgId ?? '') : null,
          inList: el.closest('[role="feed"]') !== null,
          name: el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 40),
        };
      }),
    );
  }
  return stops;
}

/** A third copy within seconds is flooding: the server refuses it, and it stays in the list, failed. */
async function sendThrice(page: Page, text: string) {
  const list = feed(page);
  for (let i = 0; i < 3; i++) {
    await composer(page).fill(text);
    await composer(page).press('Enter');
    await expect(composer(page)).toHaveValue('');
    if (i < 2) await expect(message(list, text).and(list.locator('[data-message-id]'))).toHaveCount(i + 1);
  }
  await expect(list.locator('[data-status="failed"]')).toContainText('Not sent');
}

test("Tab reaches the current message's controls only; a failed message is one of the arrows' stops", async ({
  browser,
}) => {
  const ann = await person(browser, 'Ann Scope');
  const { ws, general } = await withGeneral(ann);
  const linked = `${uniq('read')} https://example.com/docs`;
  const plain = uniq('a plain one');
  const sent = await say(ann.page, ws, general.id, linked);
  const { message: first } = sent as { message: { id: string } };
  await api(ann.page, 'reaction.toggle', { workspaceId: ws.id, messageId: first.id, emoji: '👍' });
  await say(ann.page, ws, general.id, plain);
  const a = ann.page;
  await openChat(a, ws);
  const list = feed(a);
  const one = message(list, linked);
  const two = message(list, plain);
  await expect(one.getByRole('button', { name: /^👍 1: you/ })).toBeVisible();

  await test.step('from a message, Tab goes through its link, reactions and actions, then leaves the list', async () => {
    await two.focus();
    await a.keyboard.press('ArrowUp');
    await expect(one).toBeFocused();
    const stops = await tabStops(a, 10);
    const inside = stops.filter((s) => s.inList);
    // The first message's controls, each once, and nothing of the second's.
    expect(inside.map((s) => s.message)).toEqual(inside.map(() => first.id));
    // In the DOM's order: the body's link, the reactions and their "+", the toolbar.
    expect(inside.map((s) => s.name)).toEqual([
      'https://example.com/docs',
      '👍 1: you',
      'Add reaction',
      'Add reaction',
      'Reply in thread',
      'Edit message',
      'Pin message',
      'Delete message',
    ]);
    // Then out of the list, never back into it.
    expect(stops.slice(0, inside.length).every((s) => s.inList)).toBe(true);
    expect(stops[inside.length]!.inList).toBe(false);
    // The other message's controls are out of the tab order until it is current.
    const react = (m: Locator) => m.getByRole('toolbar').getByRole('button', { name: 'Add reaction' });
    await expect(react(two)).toHaveAttribute('tabindex', '-1');
    await expect(react(one)).not.toHaveAttribute('tabindex');
    // And back when it is: the arrow moves the scope with the tab stop.
    await one.focus();
    await a.keyboard.press('ArrowDown');
    await expect(two).toBeFocused();
    await a.keyboard.press('Tab');
    await expect(react(two)).toBeFocused();
    await expect(react(one)).toHaveAttribute('tabindex', '-1');
    await expect(one.getByRole('link')).toHaveAttribute('tabindex', '-1');
  });

  await test.step('Shift+Tab from inside goes back to the message, then out of the list', async () => {
    await one.focus();
    await a.keyboard.press('Tab');
    await a.keyboard.press('Shift+Tab');
    await expect(one).toBeFocused();
    const [back] = await tabStops(a, 1, 'Shift+Tab');
    expect(back!.inList).toBe(false);
  });

  const thrice = uniq('said thrice');
  await test.step('a failed send is reached by the arrows; its Retry and Discard by Tab', async () => {
    // A third copy within seconds is flooding: the server refuses it and it stays, failed.
    for (let i = 0; i < 3; i++) {
      await composer(a).fill(thrice);
      await composer(a).press('Enter');
      await expect(composer(a)).toHaveValue('');
      if (i < 2)
        await expect(message(list, thrice).and(list.locator('[data-message-id]'))).toHaveCount(i + 1);
    }
    const failed = list.locator('[data-status="failed"]');
    await expect(failed).toContainText('Not sent');
    await one.focus();
    await a.keyboard.press('End');
    await expect(failed).toBeFocused();
    await a.keyboard.press('ArrowUp');
    await expect(message(list, thrice).and(list.locator('[data-message-id]')).last()).toBeFocused();
    await a.keyboard.press('ArrowDown');
    await expect(failed).toBeFocused();
    const stops = await tabStops(a, 3);
    expect(stops.map((s) => s.name)).toEqual(['Retry', 'Discard', expect.any(String)]);
    expect(stops[2]!.inList).toBe(false);
  });

  await test.step('Retry keeps focus on the message; Discard moves it to the one above', async () => {
    const failed = list.locator('[data-status="failed"]');
    await failed.focus();
    await a.keyboard.press('Tab');
    await expect(failed.getByRole('button', { name: 'Retry' })).toBeFocused();
    await a.keyboard.press('Enter');
    await expect(failed).toBeFocused();
    await expect(failed).toContainText('Not sent');
    await a.keyboard.press('Tab');
    await a.keyboard.press('Tab');
    await expect(failed.getByRole('button', { name: 'Discard' })).toBeFocused();
    await a.keyboard.press('Enter');
    await expect(failed).toHaveCount(0);
    await expect(message(list, thrice).last()).toBeFocused();
    await a.keyboard.press('Escape');
    await expect(composer(a)).toBeFocused();
  });

  await test.step('a pending message with focus keeps it when the server confirms it', async () => {
    await ann.ctx.setOffline(true);
    await expect(a.getByTestId('connection-banner')).toHaveAttribute('data-state', 'offline');
    const later = uniq('sent once back online');
    await composer(a).fill(later);
    await composer(a).press('Enter');
    const waiting = list.locator('article[data-client-msg-id]').filter({ hasText: later });
    await expect(waiting).toContainText('Waiting for the connection');
    await waiting.focus();
    await expect(waiting).toBeFocused();
    await ann.ctx.setOffline(false);
    // The stored copy takes the pending one's place, and the focus with it.
    const stored = list.locator('article[data-message-id]').filter({ hasText: later });
    await expect(stored).toBeFocused({ timeout: 15_000 });
    await a.keyboard.press('ArrowUp');
    await expect(stored).not.toBeFocused();
  });

  await test.step('axe with 24 px targets, both themes, a failed message in the list', async () => {
    await sendThrice(a, uniq('said thrice again'));
    await axeBothThemes(a);
  });
  await ann.ctx.close();
});
