import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { api, person, run, uniq, workspaceWith, type Person, type Ws } from './support';

// People and workspaces are made through the API (e2e/support.ts), so the tests spend their time on
// the chat itself; foundation.spec.ts covers the sign-up and invite UI.

const composer = (page: Page, label = 'Message #general') => page.getByLabel(label, { exact: true });
const feed = (page: Page, name = 'Messages in #general') => page.getByRole('feed', { name });
const message = (scope: Page | Locator, text: string) => scope.getByRole('article').filter({ hasText: text });
const live = (page: Page) =>
  expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');

async function send(page: Page, text: string, label?: string) {
  const box = composer(page, label);
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

/** Opens the workspace's chat and waits until it is live; a first exchange proves both rooms work. */
async function openChat(ws: Ws, ...people: Person[]) {
  for (const p of people) {
    await p.page.goto(`/w/${ws.slug}`);
    await expect(composer(p.page)).toBeVisible();
    await live(p.page);
  }
  const [first, ...rest] = people;
  if (!first) return;
  const hello = uniq('warm-up');
  await send(first.page, hello);
  for (const p of rest) await expect(message(feed(p.page), hello)).toBeVisible();
}

/** Two people in a new workspace, its chat open and live in both browsers. */
async function twoInChat(browser: Browser, first: string, second: string) {
  const ann = await person(browser, first);
  const bob = await person(browser, second);
  const ws = await workspaceWith(ann, 'Chat', bob);
  await openChat(ws, ann, bob);
  return { ann, bob, ws, a: ann.page, b: bob.page };
}

test('two people chat live: messages, typing, reactions, edits, deletes and receipts', async ({
  browser,
}) => {
  const { ann, bob, a, b } = await twoInChat(browser, 'Ann Sender', 'Bob Reader');

  const tag = uniq('hello');
  const first = `${tag} **bold** and \`code\``;
  await test.step('a message appears in the other browser within a second', async () => {
    await send(a, first);
    const seen = message(feed(b), tag);
    await expect(seen).toBeVisible({ timeout: 1_000 });
    await expect(seen.locator('strong')).toHaveText('bold');
    await expect(seen.locator('code')).toHaveText('code');
    await expect(seen.getByText('Ann Sender')).toBeVisible();
    // The sender's own copy is the stored message, exactly once.
    await expect(message(feed(a), tag)).toHaveCount(1);
    const fast = uniq('quick');
    await send(b, fast);
    await expect(message(feed(a), fast)).toBeVisible({ timeout: 1_000 });
  });

  await test.step('typing shows in the other browser and ends', async () => {
    await composer(b).fill('I am typing something');
    await expect(a.getByTestId('typing-indicator')).toHaveText('Bob Reader is typing…', { timeout: 5_000 });
    await composer(b).fill('');
    await expect(a.getByTestId('typing-indicator')).toHaveText('', { timeout: 8_000 });
  });

  await test.step('a reaction shows who reacted', async () => {
    const target = message(feed(b), tag);
    await target.hover();
    await target.getByRole('button', { name: 'Add reaction' }).click();
    // Bob's own copy first (the call's answer), so a failure below says the event did not travel.
    const mine = message(feed(b), tag).getByRole('button', { name: '🎉 1: you' });
    // On a loaded CI machine the picker once stayed open after the pick (the click was lost while
    // it was still settling); the pick is made again only while the picker is still open, so a
    // reaction is never toggled twice. The lost click itself is noted for a closer look.
    const picker = b.getByRole('dialog', { name: 'Pick a reaction' });
    await expect(async () => {
      if (await picker.isVisible())
        await picker
          .getByRole('group', { name: 'Common reactions' })
          .getByRole('button', { name: 'party popper', exact: true })
          .click({ timeout: 2_000 });
      await expect(mine).toHaveAttribute('aria-pressed', 'true', { timeout: 2_000 });
    }).toPass({ timeout: 10_000 });
    const reaction = message(feed(a), tag).getByRole('button', { name: /🎉 1: Bob Reader/ });
    // As long as the other cross-browser steps allow: a shared CI machine stalls for seconds.
    await expect(reaction).toBeVisible({ timeout: 5_000 });
    await expect(reaction).toHaveAttribute('title', 'Bob Reader reacted with 🎉');
    await expect(reaction).toHaveAttribute('aria-pressed', 'false');
  });

  const edited = uniq('edited text');
  await test.step('Up on the empty composer edits my last message; the edit propagates', async () => {
    const mine = uniq('to be edited');
    await send(a, mine);
    await expect(message(feed(b), mine)).toBeVisible();
    await composer(a).press('ArrowUp');
    const box = a.getByLabel('Edit your message', { exact: true });
    await expect(box).toHaveValue(mine);
    await box.fill(edited);
    await box.press('Enter');
    const there = message(feed(b), edited);
    await expect(there).toBeVisible({ timeout: 2_000 });
    await expect(there.getByText('(edited)')).toBeVisible();
    await expect(message(feed(b), mine)).toHaveCount(0);
  });

  await test.step('read receipts: the sender sees who has seen the latest message', async () => {
    await expect(message(feed(a), edited).getByText('Seen by Bob Reader')).toBeVisible({ timeout: 5_000 });
  });

  await test.step('a delete leaves a tombstone in the other browser', async () => {
    const doomed = uniq('delete me');
    await send(a, doomed);
    await expect(message(feed(b), doomed)).toBeVisible();
    const mine = message(feed(a), doomed);
    await mine.hover();
    await mine.getByRole('button', { name: 'Delete message' }).click();
    await mine.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(message(feed(b), doomed)).toHaveCount(0, { timeout: 2_000 });
    await expect(feed(b).getByText('This message was deleted')).toBeVisible();
    await expect(feed(a).getByText('This message was deleted')).toBeVisible();
  });

  await test.step('a refused send shows Retry and Discard', async () => {
    const thrice = uniq('said thrice');
    await send(a, thrice);
    await send(a, thrice);
    // A second copy is conversation ("ok", "+1"); a third within seconds is flooding (anti-spam).
    await expect(message(feed(b), thrice)).toHaveCount(2);
    await send(a, thrice);
    const failed = feed(a).locator('[data-status="failed"]');
    await expect(failed).toContainText('Not sent');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect(failed).toContainText('Not sent');
    await failed.getByRole('button', { name: 'Discard' }).click();
    await expect(failed).toHaveCount(0);
    await expect(message(feed(a), thrice)).toHaveCount(2);
    await expect(message(feed(b), thrice)).toHaveCount(2);
  });

  await ann.ctx.close();
  await bob.ctx.close();
});

test('offline: messages wait in the outbox and arrive once, in order; missed ones are synced', async ({
  browser,
}) => {
  const { ann, bob, a, b } = await twoInChat(browser, 'Ann Offline', 'Bob Online');

  const one = uniq('offline one');
  const two = uniq('offline two');
  const missed = uniq('sent while you were away');

  await ann.ctx.setOffline(true);
  await expect(a.getByTestId('connection-banner')).toHaveAttribute('data-state', 'offline');
  await expect(a.getByTestId('connection-banner')).toContainText('offline');

  await send(a, one);
  await send(a, two);
  // Shown at once, as pending, and kept in localStorage (a reload would keep them).
  await expect(message(feed(a), one)).toContainText('Waiting for the connection');
  await expect(message(feed(a), two)).toContainText('Waiting for the connection');
  const stored = await a.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('enclave:outbox:'))
      .map((k) => localStorage.getItem(k) ?? '')
      .join('\n'),
  );
  expect(stored).toContain(one);
  expect(stored).toContain(two);
  await expect(a.getByTestId('connection-banner')).toContainText('2 messages wait to be sent');

  await send(b, missed);
  await expect(message(feed(b), missed)).toBeVisible();
  // Nothing of Ann's has reached Bob.
  await expect(message(feed(b), one)).toHaveCount(0);

  await ann.ctx.setOffline(false);
  await live(a);
  await expect(message(feed(b), one)).toBeVisible({ timeout: 10_000 });
  await expect(message(feed(b), two)).toBeVisible();
  await expect(message(feed(a), missed)).toBeVisible({ timeout: 10_000 });
  await expect(a.getByTestId('connection-banner')).toHaveAttribute('data-state', 'connected');

  for (const page of [a, b]) {
    await expect(message(feed(page), one)).toHaveCount(1);
    await expect(message(feed(page), two)).toHaveCount(1);
    await expect(message(feed(page), one)).not.toContainText('Waiting');
    const texts = await feed(page).getByRole('article').allInnerTexts();
    const at = (t: string) => texts.findIndex((x) => x.includes(t));
    expect(at(one)).toBeGreaterThan(-1);
    expect(at(two)).toBeGreaterThan(at(one));
  }
  expect(
    await a.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('enclave:outbox:')).length),
  ).toBe(0);

  await test.step('the outbox survives a reload', async () => {
    const kept = uniq('kept across a reload');
    await ann.ctx.setOffline(true);
    await expect(a.getByTestId('connection-banner')).toHaveAttribute('data-state', 'offline');
    await send(a, kept);
    await expect(message(feed(a), kept)).toContainText('Waiting for the connection');
    // Back online, but the socket is kept out until after the reload: while the flag is set its
    // WebSocket goes to a closed port (refused, as by a network) and its long-polling fallback is
    // aborted. Playwright's routes see no WebSocket, and their mock one closes without an error.
    await ann.ctx.addInitScript(() => {
      const Real = window.WebSocket;
      window.WebSocket = class extends Real {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(sessionStorage.getItem('e2e:refuse-sockets') ? 'ws://127.0.0.1:9/' : url, protocols);
        }
      };
    });
    await a.evaluate(() => sessionStorage.setItem('e2e:refuse-sockets', '1'));
    const socketPath = /\/socket\.io\//;
    await ann.ctx.route(socketPath, (route) => route.abort());
    // The page leaves while still offline: reloading online would leave the old page alive (and
    // reconnecting, sending what waits) until the new one arrives, which on a loaded machine is long.
    const at = a.url();
    await a.goto('about:blank');
    await ann.ctx.setOffline(false);
    await a.goto(at);
    await expect(message(feed(a), kept)).toContainText('Waiting for the connection');
    await expect(message(feed(b), kept)).toHaveCount(0);
    await a.evaluate(() => sessionStorage.removeItem('e2e:refuse-sockets'));
    await ann.ctx.unroute(socketPath);
    await expect(message(feed(b), kept)).toHaveCount(1, { timeout: 15_000 });
    await expect(message(feed(a), kept)).not.toContainText('Waiting', { timeout: 5_000 });
    await expect(message(feed(a), kept)).toHaveCount(1);
  });

  await ann.ctx.close();
  await bob.ctx.close();
});

test('mentions, badges, threads, search, channels and keyboard navigation', async ({ browser }) => {
  const { ann, bob, ws, a, b } = await twoInChat(browser, 'Ann Author', 'Bob Mentioned');
  const generalLink = (page: Page) =>
    page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: /general/ });

  await test.step('@ completes a member; the other sees a mention badge live', async () => {
    await b.getByRole('link', { name: 'Members', exact: true }).click();
    await expect(b.getByText('Your role: member')).toBeVisible();
    const box = composer(a);
    await box.fill('ping @Bo');
    const option = a.getByRole('option', { name: /Bob Mentioned/ });
    await expect(option).toBeVisible();
    await box.press('Enter');
    // The box shows the name (as a pill); the message carries the id.
    await expect(box).toHaveValue('ping @Bob Mentioned ');
    await box.pressSequentially('are you there?');
    await box.press('Enter');
    await expect(generalLink(b).getByTestId('mention-badge')).toHaveText(/@1/, { timeout: 5_000 });
    await expect(generalLink(b).getByTestId('unread-badge')).toBeVisible();
    await generalLink(b).click();
    const mention = message(feed(b), 'are you there?');
    await expect(mention.locator('.mention')).toHaveText('@Bob Mentioned');
    await expect(generalLink(b).getByTestId('mention-badge')).toHaveCount(0);
  });

  await test.step('a new direct message shows up in the other sidebar at once (not on the next poll)', async () => {
    await a.getByText('New direct message').click();
    await a.getByRole('checkbox', { name: 'Bob Mentioned' }).check();
    await a.getByRole('button', { name: 'Open conversation' }).click();
    await send(a, 'psst, a word in private', 'Message Bob Mentioned');
    const dms = b.getByRole('region', { name: 'Direct messages' });
    // The sidebar's fallback poll runs every 20 s: 5 s can only be the conversation:new event.
    const link = dms.getByRole('link', { name: /Ann Author/ });
    await expect(link).toBeVisible({ timeout: 5_000 });
    await link.click();
    await expect(message(feed(b, 'Messages in Ann Author'), 'psst, a word in private')).toBeVisible();
    await generalLink(a).click();
    await generalLink(b).click();
  });

  await test.step('preview renders the Markdown', async () => {
    await composer(a).fill('see **this** [site](https://example.com)');
    await a.getByRole('button', { name: 'Preview' }).click();
    const preview = a.getByRole('region', { name: 'Preview' });
    await expect(preview.locator('strong')).toHaveText('this');
    await expect(preview.getByRole('link', { name: 'site' })).toHaveAttribute(
      'rel',
      'noopener noreferrer nofollow',
    );
    await composer(a).fill('');
  });

  const root = uniq('thread root');
  await test.step('replies in a thread', async () => {
    await send(a, root);
    const there = message(feed(b), root);
    await expect(there).toBeVisible();
    await there.hover();
    await there.getByRole('button', { name: 'Reply in thread' }).click();
    const reply = uniq('a reply');
    await send(b, reply, 'Write a reply');
    await expect(b.getByRole('feed', { name: 'Replies' }).getByText(reply)).toBeVisible();
    const summary = message(feed(a), root).getByRole('button', { name: '1 reply' });
    await expect(summary).toBeVisible({ timeout: 5_000 });
    await summary.click();
    await expect(a.getByRole('feed', { name: 'Replies' }).getByText(reply)).toBeVisible();
    await a.getByRole('button', { name: 'Close thread' }).click();
    await expect(a.getByRole('feed', { name: 'Replies' })).toHaveCount(0);
  });

  await test.step('search finds a message and links to it', async () => {
    const word = `needle${run}`;
    await send(b, `the ${word} is here`);
    await expect(message(feed(a), word)).toBeVisible();
    await a.getByRole('link', { name: 'Search', exact: true }).click();
    await a.getByLabel('Search for').fill(word);
    await a.getByLabel('Author').selectOption({ label: 'Bob Mentioned' });
    await a.getByRole('button', { name: 'Search', exact: true }).click();
    const results = a.getByRole('list', { name: 'Search results' });
    await expect(results.getByRole('article')).toHaveCount(1);
    await results.getByRole('link', { name: 'Open in conversation' }).click();
    await expect(a).toHaveURL(/\/c\/[0-9a-f-]+\?m=[0-9a-f-]+/);
    await expect(message(feed(a), word)).toHaveClass(/msg-highlight/);
  });

  await test.step('create a channel; Alt+Arrow moves between conversations', async () => {
    const name = `side-${run}`;
    await a.getByText('New channel').click();
    await a.getByLabel('Channel name').fill(name);
    await a.getByLabel('Topic (optional)').fill('Off-topic things');
    await a.getByRole('button', { name: 'Create channel' }).click();
    await expect(a.getByRole('heading', { level: 2, name: `#${name}` })).toBeVisible();
    await expect(a.getByText('Off-topic things')).toBeVisible();
    await expect(composer(a, `Message #${name}`)).toBeVisible();
    await a.keyboard.press('Alt+ArrowUp');
    await expect(a.getByRole('heading', { level: 2, name: '#general' })).toBeVisible();
    await a.keyboard.press('Alt+ArrowDown');
    await expect(a.getByRole('heading', { level: 2, name: `#${name}` })).toBeVisible();
  });

  await test.step('record-linked conversations are listed by type', async () => {
    await api(a, 'channel.getOrCreateBySubject', {
      workspaceId: ws.id,
      subject: { type: 'invoice', id: `inv-${run}` },
      title: `Invoice ${run}`,
    });
    // The admin's link back to the host app's page for invoices.
    await api(a, 'workspace.update', {
      workspaceId: ws.id,
      settings: { recordLinks: { invoice: 'https://shop.example/invoices/{id}' } },
    });
    await a.reload();
    // Picked from the types in use (read again when the picker gets focus), not typed.
    const picker = a.getByLabel('Record type');
    await picker.focus();
    await expect(picker.getByRole('option', { name: 'invoice (1)' })).toHaveCount(1);
    await expect(picker.getByRole('option', { name: /^visitor/ })).toHaveCount(0);
    await picker.selectOption('invoice');
    await a
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('link', { name: `Invoice ${run}` })
      .click();
    await expect(a.getByRole('heading', { level: 2, name: `Invoice ${run}` })).toBeVisible();
    const back = a.getByRole('link', { name: `Open invoice inv-${run} in a new tab` });
    await expect(back).toHaveAttribute('href', `https://shop.example/invoices/inv-${run}`);
    await expect(back).toHaveAttribute('target', '_blank');
    // In a line too narrow for "invoice" and the id together, the id breaks only after its
    // hyphen (or moves down whole), never mid-word: the characters each line break follows.
    const breaksAfter = await a.locator('.conv-record code').evaluate((code) => {
      const line = code.closest('.conv-record') as HTMLElement;
      line.style.width = `${code.getBoundingClientRect().width + 4}px`;
      const text = code.firstChild as Text;
      const range = document.createRange();
      const tops = Array.from(text.data, (_, i) => {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect().top;
      });
      line.style.width = '';
      return tops.flatMap((top, i) => (i > 0 && top > tops[i - 1]! + 1 ? [text.data[i - 1]] : []));
    });
    expect(breaksAfter.filter((c) => c !== '-')).toEqual([]);
    await send(a, 'about this invoice', `Message Invoice ${run}`);
    await expect(message(feed(a, `Messages in Invoice ${run}`), 'about this invoice')).toBeVisible();
  });

  await test.step('the theme toggle sticks', async () => {
    const html = a.locator('html');
    await a.getByRole('button', { name: /^Theme: system/ }).click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await a.getByRole('button', { name: /^Theme: light/ }).click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await a.reload();
    await expect(a.getByRole('button', { name: /^Theme: dark/ })).toBeVisible();
    await expect(html).toHaveAttribute('data-theme', 'dark');
  });

  await test.step('no accessibility violations on the chat and search pages (dark and light)', async () => {
    await generalLink(a).click();
    for (const theme of ['dark', 'light']) {
      if (theme === 'light') await a.getByRole('button', { name: /^Theme: dark/ }).click();
      await expect(feed(a)).toBeVisible();
      const chat = await new AxeBuilder({ page: a }).withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(
        chat.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
    }
    await a.getByRole('link', { name: 'Search', exact: true }).click();
    await expect(a.getByLabel('Search for')).toBeVisible();
    const search = await new AxeBuilder({ page: a }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(search.violations.map((v) => v.id)).toEqual([]);
  });

  await ann.ctx.close();
  await bob.ctx.close();
});

test('long history: older pages load at the top; a link jumps to an old message', async ({ browser }) => {
  const ann = await person(browser, 'Ann Archivist');
  const ws = await workspaceWith(ann, 'Chat');
  const general = (
    await api<{ id: string; isDefault: boolean }[]>(ann.page, 'channel.list', { workspaceId: ws.id }, 'query')
  ).find((c) => c.isDefault)!;
  const ids: string[] = [];
  const total = 130;
  for (let i = 1; i <= total; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, total - i + 1) }, (_, k) =>
        api<{ message: { id: string; seq: number } }>(ann.page, 'message.send', {
          workspaceId: ws.id,
          conversationId: general.id,
          clientMsgId: `fill-${run}-${i + k}`,
          body: `filler number ${i + k} of ${run}`,
        }),
      ),
    );
    ids.push(...batch.sort((x, y) => x.message.seq - y.message.seq).map((r) => r.message.id));
  }
  const a = ann.page;
  await a.goto(`/w/${ws.slug}`);
  const list = feed(a);
  await expect(message(list, `filler number ${total} of`)).toBeVisible();

  await test.step('scrolling to the top loads older pages until the first message', async () => {
    const firstText = `filler number 1 of ${run}`;
    for (let i = 0; i < 20 && !(await message(list, firstText).isVisible()); i++) {
      await list.evaluate((el) => el.scrollTo({ top: 0 }));
      await a.waitForTimeout(250);
    }
    await expect(message(list, firstText)).toBeVisible();
    // All 130 are loaded, but only the rows on screen (and a few around) are in the DOM.
    expect(await list.getByRole('article').count()).toBeLessThan(60);
  });

  await test.step('?m= opens the conversation at that message', async () => {
    const target = ids[4]!;
    await a.goto(`/w/${ws.slug}/c/${general.id}?m=${target}`);
    const row = list.locator(`[data-message-id="${target}"]`);
    await expect(row).toBeVisible();
    await expect(row).toHaveClass(/msg-highlight/);
    await a.getByRole('button', { name: 'Jump to latest' }).click();
    await expect(message(list, `filler number ${total} of`)).toBeVisible();
  });

  await ann.ctx.close();
});

// ------------------------------------------------------------------ XSS

const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="window.__xss=true">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript:window.__xss=true)',
  '[click](javascript&#58;alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](javascript://%0aalert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](data:text/html,<script>alert(1)</script>)',
  '[click](vbscript:msgbox(1))',
  '[click](//evil.example/x)',
  '[click](https://ok.example/"onmouseover="alert(1))',
  '[x](https://example.com)<img src=x onerror=alert(1)>',
  '[<img src=x onerror=alert(1)>](https://example.com)',
  '[a](https://example.com "title" onclick="alert(1)")',
  '![img](javascript:alert(1))',
  '**<img src=x onerror=alert(1)>**',
  '*<svg/onload=alert(1)>*',
  '_<iframe srcdoc="<script>alert(1)</script>">_',
  '`<script>alert(1)</script>`',
  '```\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  '&#x3C;svg onload=alert(1)&#x3E;',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<object data="javascript:alert(1)">',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<style>@import "javascript:alert(1)";</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'https://example.com/<script>alert(1)</script>',
  'https://example.com/"><img src=x onerror=alert(1)>',
  '<@<img src=x onerror=alert(1)>>',
  '@channel <script>alert(1)</script>',
  '@here <svg onload=alert(1)>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '%3Cscript%3Ealert(1)%3C/script%3E',
  '<x onclick=alert(1)>click me</x>',
  '<base href="javascript:alert(1)//">',
  '<link rel=import href="data:text/html,<script>alert(1)</script>">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<textarea><script>alert(1)</script></textarea>',
  '[x](mailto:a@example.com?body=<script>alert(1)</script>)',
];

test('XSS: hostile messages, names and topics render as text and run nothing', async ({ browser }) => {
  expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50);
  const ann = await person(browser, 'Ann Defender');
  const evilName = '<img src=x onerror=alert(1)>Mallory"\'<script>alert(2)</script>';
  const mal = await person(browser, evilName);
  const ws = await workspaceWith(ann, 'Chat', mal);
  const topic = '<script>alert("topic")</script><img src=x onerror=alert(3)>';
  const channel = await api<{ id: string; name: string }>(ann.page, 'channel.create', {
    workspaceId: ws.id,
    name: `xss-${run}`,
    topic,
  });
  await api(mal.page, 'channel.join', { workspaceId: ws.id, channelId: channel.id });
  const dialogs: string[] = [];

  for (const p of [ann, mal]) {
    await p.page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.__xss = false;
      const hit = () => {
        w.__xss = true;
      };
      w.alert = hit;
      w.confirm = () => {
        hit();
        return false;
      };
      w.prompt = () => {
        hit();
        return null;
      };
    });
    p.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await p.page.goto(`/w/${ws.slug}/c/${channel.id}`);
    await expect(p.page.getByText(topic, { exact: true })).toBeVisible();
    await live(p.page);
  }
  const list = (p: Person) => feed(p.page, `Messages in #${channel.name}`);

  const payloads = [...XSS_PAYLOADS, `<@${mal.id}> says <img src=x onerror=alert(1)>`];
  for (const [i, body] of payloads.entries()) {
    const author = i % 2 === 0 ? ann : mal;
    await api(author.page, 'message.send', {
      workspaceId: ws.id,
      conversationId: channel.id,
      clientMsgId: `xss-${run}-${i}`,
      body,
    });
  }
  // A few through the composer as well.
  await send(ann.page, '<img src=x onerror=alert(1)> via the composer', `Message #${channel.name}`);
  await send(mal.page, '[composer](javascript:alert(1)) <svg onload=alert(1)>', `Message #${channel.name}`);

  for (const p of [ann, mal]) {
    const l = list(p);
    await expect(message(l, '[composer](javascript:alert(1))')).toBeVisible();
    await expect(message(l, 'via the composer')).toBeVisible();
    // Mallory's name and mention chip are text.
    await expect(message(l, ' says ').locator('.mention')).toHaveText(`@${evilName}`);
    await expect(message(l, 'via the composer')).toBeVisible();

    // Walk the whole (virtualised) history so every message is rendered at least once.
    const seen = new Set<string>();
    let literalSeen = false;
    for (let i = 0; i < 20; i++) {
      await l.evaluate((el) => el.scrollTo({ top: 0 }));
      await p.page.waitForTimeout(200);
    }
    const height = await l.evaluate((el) => el.scrollHeight);
    for (let y = 0; y <= height + 400; y += 250) {
      await l.evaluate((el, top) => el.scrollTo({ top }), y);
      await p.page.waitForTimeout(40);
      const state = await l.evaluate((el) => ({
        ids: [...el.querySelectorAll('[data-message-id]')].map(
          (n) => n.getAttribute('data-message-id') ?? '',
        ),
        badLinks: document.querySelectorAll(
          'a[href^="javascript:" i], a[href^="data:" i], a[href^="vbscript:" i]',
        ).length,
        foreign: el.querySelectorAll(
          '.md script, .md img, .md svg, .md iframe, .md object, .md embed, .md style, .md form, .md input, .md video, .md math, .md base, .md link, .md meta, .md textarea, .md details, [onerror], [onload], [onclick]',
        ).length,
        links: [...el.querySelectorAll('.md a')].map((a) => ({
          href: a.getAttribute('href') ?? '',
          rel: a.getAttribute('rel'),
          target: a.getAttribute('target'),
        })),
        xss: (window as unknown as { __xss: boolean }).__xss,
        literal: [...el.querySelectorAll('.md p')].some((n) => n.textContent === '<script>alert(1)</script>'),
      }));
      if (state.literal) literalSeen = true;
      state.ids.forEach((id) => seen.add(id));
      expect(state.badLinks).toBe(0);
      expect(state.foreign).toBe(0);
      expect(state.xss).toBe(false);
      for (const link of state.links) {
        expect(link.href).toMatch(/^(https?:|mailto:)/);
        expect(link.rel).toBe('noopener noreferrer nofollow');
        expect(link.target).toBe('_blank');
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(payloads.length + 2);
    // The script tag is there, as text.
    expect(literalSeen).toBe(true);
  }

  await test.step('the composer preview is as safe as the list', async () => {
    const page = ann.page;
    await composer(page, `Message #${channel.name}`).fill(
      '[x](javascript:alert(1)) <img src=x onerror=alert(1)>',
    );
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect(preview).toContainText('<img src=x onerror=alert(1)>');
    await expect(preview.locator('a, img')).toHaveCount(0);
  });

  expect(dialogs).toEqual([]);
  for (const p of [ann, mal]) {
    expect(await p.page.evaluate(() => (window as unknown as { __xss: boolean }).__xss)).toBe(false);
    expect(await p.page.locator('a[href^="javascript:" i], a[href^="data:" i]').count()).toBe(0);
  }
  await ann.ctx.close();
  await mal.ctx.close();
});

test('a reply draft stays with its thread when another thread opens', async ({ browser }) => {
  const ann = await person(browser, 'Ann Drafts');
  const ws = await workspaceWith(ann, 'Drafts');
  await openChat(ws, ann);
  const a = ann.page;
  const [one, two] = [uniq('first root'), uniq('second root')];
  await send(a, one);
  await send(a, two);
  const openThread = async (text: string) => {
    const m = message(feed(a), text);
    await m.hover();
    await m.getByRole('button', { name: 'Reply in thread' }).click();
    await expect(a.getByRole('complementary', { name: 'Thread' }).getByText(text)).toBeVisible();
  };
  const reply = composer(a, 'Write a reply');
  await openThread(one);
  await reply.fill('half a reply to the first');
  await openThread(two);
  // Another thread, another draft: the first one's text does not follow the reader.
  await expect(reply).toHaveValue('');
  await reply.fill('a thought on the second');
  await openThread(one);
  await expect(reply).toHaveValue('half a reply to the first');
});
