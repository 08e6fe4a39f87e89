import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { api, expectWcag22, person, run, uniq, workspaceWith, type Ws } from './support';

// The composer's formatting toolbar, mention pills, and the lists, quotes and strikethrough the
// renderer draws.

const composer = (page: Page) => page.getByLabel('Message #general', { exact: true });
const feed = (page: Page) => page.getByRole('feed', { name: 'Messages in #general' });
const message = (scope: Locator, text: string) => scope.getByRole('article').filter({ hasText: text });
const sidebarLink = (page: Page, name: RegExp | string) =>
  page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name });

async function openLive(page: Page, ws: Ws) {
  await page.goto(`/w/${ws.slug}`);
  await expect(composer(page)).toBeVisible();
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
}

/** One person in a new workspace of their own, with #general open and live. */
async function aloneInGeneral(browser: Browser, name: string, workspace: string) {
  const ann = await person(browser, name);
  const ws = await workspaceWith(ann, workspace);
  await openLive(ann.page, ws);
  return { ann, a: ann.page, ws };
}

async function axeClean(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
}

/** The selected text of the focused box. */
const selected = (box: Locator) =>
  box.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));

test('lists, quotes and strikethrough render as real elements, and HTML stays text', async ({ browser }) => {
  const { ann, a } = await aloneInGeneral(browser, 'Ann Lister', 'Render');
  const tag = uniq('shopping');
  await composer(a).fill(
    `${tag}\n- **milk**\n  - oat\n    - barista\n- <b>eggs</b>\n\n1. first\n   - detail\n2. ~~second~~\n\n> quoted *words*\n> - and a list`,
  );
  await composer(a).press('Enter');
  const m = message(feed(a), tag);
  await expect(m.locator('.md > ul > li')).toHaveText([/^milk/, '<b>eggs</b>']);
  await expect(m.locator('.md > ul > li > strong')).toHaveText('milk');
  // Indented items are lists inside their item, two levels deep.
  await expect(m.locator('.md > ul > li > ul > li')).toHaveText([/^oat/]);
  await expect(m.locator('.md > ul > li > ul > li > ul > li')).toHaveText(['barista']);
  await expect(m.locator('b')).toHaveCount(0);
  await expect(m.locator('.md > ol > li')).toHaveText([/^first/, 'second']);
  await expect(m.locator('.md > ol > li > ul > li')).toHaveText(['detail']);
  await expect(m.locator('.md > ol > li > del')).toHaveText('second');
  await expect(m.locator('.md > blockquote > p > em')).toHaveText('words');
  await expect(m.locator('.md > blockquote > ul > li')).toHaveText('and a list');
  await ann.ctx.close();
});

test('the formatting toolbar: one tab stop, arrow keys, shortcuts, tooltips, axe in both themes', async ({
  browser,
}) => {
  const { ann, a } = await aloneInGeneral(browser, 'Ann Formatter', 'Format');
  const box = composer(a);
  const toolbar = a.getByRole('toolbar', { name: 'Formatting' });
  const button = (name: string) => toolbar.getByRole('button', { name, exact: true });

  await test.step('a shortcut wraps the selection, and again unwraps it', async () => {
    await box.fill('hello world');
    await box.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(6, 11));
    await box.press('ControlOrMeta+b');
    await expect(box).toHaveValue('hello **world**');
    expect(await selected(box)).toBe('world');
    await box.press('ControlOrMeta+Shift+x');
    await expect(box).toHaveValue('hello **~~world~~**');
    await box.press('ControlOrMeta+Shift+x');
    await box.press('ControlOrMeta+b');
    await expect(box).toHaveValue('hello world');
    // Undo is the box's own: it takes back the last format's edits.
    await box.press('ControlOrMeta+z');
    await expect(box).not.toHaveValue('hello world');
    await expect(box).toHaveValue(/^hello \*{1,2}world\*{0,2}$/);
  });

  await test.step('buttons format the selection without taking it, lists too', async () => {
    await box.fill('one\ntwo');
    await box.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 7));
    await button('Bulleted list').click();
    await expect(box).toHaveValue('- one\n- two');
    await expect(box).toBeFocused();
    await box.fill('');
  });

  await test.step('the toolbar is one tab stop with arrow keys between buttons and a tooltip', async () => {
    await button('Bold').focus();
    await expect(button('Bold')).toHaveAttribute('tabindex', '0');
    await expect(button('Italic')).toHaveAttribute('tabindex', '-1');
    await a.keyboard.press('ArrowRight');
    await expect(button('Italic')).toBeFocused();
    await expect(button('Italic')).toHaveAccessibleDescription('Italic (Ctrl+I)');
    await expect(toolbar.getByRole('tooltip', { name: 'Italic (Ctrl+I)' })).toBeVisible();
    await a.keyboard.press('Escape');
    await expect(toolbar.getByRole('tooltip', { name: 'Italic (Ctrl+I)' })).toBeHidden();
    await a.keyboard.press('End');
    await expect(button('Link')).toBeFocused();
    await a.keyboard.press('ArrowRight');
    await expect(button('Bold')).toBeFocused();
    await a.keyboard.press('ArrowLeft');
    await expect(button('Link')).toBeFocused();
    // Tab leaves the toolbar for the box; Shift+Tab comes back to the last button used.
    await a.keyboard.press('Tab');
    await expect(box).toBeFocused();
    await a.keyboard.press('Shift+Tab');
    await expect(button('Link')).toBeFocused();
    const box0 = await button('Bold').boundingBox();
    expect(box0!.width).toBeGreaterThanOrEqual(24);
    expect(box0!.height).toBeGreaterThanOrEqual(24);
  });

  await test.step('axe passes with the toolbar in the light and dark themes', async () => {
    await box.fill('**draft**');
    await axeClean(a);
    await a.getByRole('button', { name: /^Theme: system/ }).click();
    await a.getByRole('button', { name: /^Theme: light/ }).click();
    await expect(a.locator('html')).toHaveAttribute('data-theme', 'dark');
    await axeClean(a);
  });

  await test.step('on a phone every button and tooltip stays on the screen', async () => {
    await a.setViewportSize({ width: 390, height: 844 });
    for (const name of ['Bold', 'Link']) {
      const b = await button(name).boundingBox();
      expect(b!.x).toBeGreaterThanOrEqual(0);
      expect(b!.x + b!.width).toBeLessThanOrEqual(390);
    }
    await button('Link').hover();
    const tip = await toolbar.getByRole('tooltip', { name: 'Link (Ctrl+Shift+K)' }).boundingBox();
    expect(tip!.x + tip!.width).toBeLessThanOrEqual(390);
  });
  await ann.ctx.close();
});

test('the Link popover asks for the address, refuses a javascript: one, and the message links it', async ({
  browser,
}) => {
  const { ann, a } = await aloneInGeneral(browser, 'Ann Linker', 'Links');
  const box = composer(a);
  const popover = a.getByRole('dialog', { name: 'Add a link' });
  const url = popover.getByLabel('URL', { exact: true });
  const rule = 'Enter a link that starts with https://, http:// or mailto:';
  const tag = uniq('read');
  const draft = `${tag} the docs please`;
  const selectDocs = () =>
    box.evaluate(
      (el: HTMLTextAreaElement, at: number) => el.setSelectionRange(at, at + 4),
      draft.indexOf('docs'),
    );

  /** Opens the popover on "docs" and has a javascript: address refused: the error shown. */
  async function refused() {
    await box.focus();
    await selectDocs();
    await box.press('ControlOrMeta+Shift+k');
    await expect(popover).toBeVisible();
    await expect(popover.getByLabel('Text', { exact: true })).toHaveValue('docs');
    await expect(url).toBeFocused();
    await url.fill('javascript:alert(1)');
    await url.press('Enter');
    await expect(popover.getByRole('alert')).toHaveText(rule);
    await expect(url).toHaveAttribute('aria-invalid', 'true');
    await expect(url).toHaveAccessibleDescription(rule);
    await expect(url).toBeFocused();
    // Enter in the popover neither sent the message nor changed it.
    await expect(box).toHaveValue(draft);
    await expect(message(feed(a), tag)).toHaveCount(0);
  }

  await test.step('a selected word, Ctrl+Shift+K: a javascript: address is refused in words; axe light', async () => {
    await box.fill(draft);
    await refused();
    await expectWcag22(a);
  });

  await test.step('Escape closes the popover and gives the box its focus and selection back', async () => {
    await url.press('Escape');
    await expect(popover).toBeHidden();
    await expect(box).toBeFocused();
    expect(await selected(box)).toBe('docs');
    await expect(box).toHaveValue(draft);
  });

  await test.step('the same in the dark theme, axe clean', async () => {
    await a.getByRole('button', { name: /^Theme: system/ }).click();
    await a.getByRole('button', { name: /^Theme: light/ }).click();
    await expect(a.locator('html')).toHaveAttribute('data-theme', 'dark');
    await refused();
    await expectWcag22(a);
    const b = await popover.getByRole('button', { name: 'Add link' }).boundingBox();
    expect(b!.height).toBeGreaterThanOrEqual(24);
  });

  await test.step('on a phone the popover stays on the screen', async () => {
    await a.setViewportSize({ width: 390, height: 844 });
    await expect(popover).toBeVisible();
    const p = await popover.boundingBox();
    expect(p!.x).toBeGreaterThanOrEqual(0);
    expect(p!.x + p!.width).toBeLessThanOrEqual(390);
    expect(p!.y).toBeGreaterThanOrEqual(0);
    await a.setViewportSize({ width: 1440, height: 900 });
  });

  await test.step('text with a bracket is refused at the Text field, which a fix clears', async () => {
    const textField = popover.getByLabel('Text', { exact: true });
    const textRule = 'Link text cannot contain “[” or “](”.';
    await url.fill('https://example.com/guide');
    await textField.fill('[docs]');
    await url.press('Enter');
    await expect(popover.getByRole('alert')).toHaveText(textRule);
    await expect(textField).toHaveAttribute('aria-invalid', 'true');
    await expect(textField).toHaveAccessibleDescription(textRule);
    await expect(textField).toBeFocused();
    await expect(box).toHaveValue(draft);
    await textField.fill('docs');
    await expect(popover.getByRole('alert')).toHaveCount(0);
  });

  await test.step('a web address and Enter: the box has the link, and sent it renders with that href', async () => {
    await url.fill('');
    await url.pressSequentially('https://example.com/guide');
    await expect(popover.getByRole('alert')).toHaveCount(0);
    await url.press('Enter');
    await expect(popover).toBeHidden();
    await expect(box).toHaveValue(`${tag} the [docs](https://example.com/guide) please`);
    await expect(box).toBeFocused();
    await box.press('Enter');
    const link = message(feed(a), tag).getByRole('link', { name: 'docs', exact: true });
    await expect(link).toHaveAttribute('href', 'https://example.com/guide');
  });
  await ann.ctx.close();
});

test('mentions show as @Name pills, are sent as ids, survive drafts and edits, break when edited', async ({
  browser,
}) => {
  const ann = await person(browser, 'Ann Picker');
  const sean = await person(browser, "Seán O'Neil");
  const ws = await workspaceWith(ann, 'Pills', sean);
  await api(ann.page, 'channel.create', { workspaceId: ws.id, name: `side-${run}` });
  const a = ann.page;
  await openLive(a, ws);
  const box = composer(a);
  const mirror = a.getByTestId('pill-mirror');
  const pickSean = async () => {
    await box.pressSequentially('@Se');
    await expect(a.getByRole('option', { name: /Seán O'Neil/ })).toBeVisible();
    await box.press('Enter');
  };

  await test.step('a picked member shows by name as a pill, and the message mentions them', async () => {
    await box.fill('');
    await box.pressSequentially('hi ');
    await pickSean();
    await expect(box).toHaveValue("hi @Seán O'Neil ");
    await expect(mirror.locator('.pill')).toHaveText("@Seán O'Neil");
    await axeClean(a);
    const tag = uniq('first');
    await box.pressSequentially(tag);
    await box.press('Enter');
    await expect(message(feed(a), tag).locator('.mention')).toHaveText("@Seán O'Neil");
  });

  let draftTag = '';
  await test.step('the draft keeps its mention across a switch of conversation', async () => {
    await pickSean();
    const tag = uniq('draft');
    await box.pressSequentially(tag);
    draftTag = tag;
    await sidebarLink(a, new RegExp(`side-${run}`)).click();
    await expect(a.getByLabel(`Message #side-${run}`, { exact: true })).toBeVisible();
    await sidebarLink(a, /general/).click();
    await expect(box).toHaveValue(`@Seán O'Neil ${tag}`);
    await expect(mirror.locator('.pill')).toHaveText("@Seán O'Neil");
    await box.press('Enter');
    await expect(message(feed(a), tag).locator('.mention')).toHaveText("@Seán O'Neil");
    // Stored, not only shown from the outbox: Arrow Up edits the last message the server has.
    await expect(message(feed(a), tag)).toHaveAttribute('data-message-id', /.+/);
  });

  await test.step('editing shows the pill, not the id, and saves the mention', async () => {
    const tag = draftTag;
    await box.press('ArrowUp');
    const editor = a.getByLabel('Edit your message', { exact: true });
    await expect(editor).toHaveValue(/^@Seán O'Neil draft/);
    await expect(editor).not.toHaveValue(/<@/);
    await editor.press('End');
    await editor.pressSequentially(' edited');
    await editor.press('Enter');
    const edited = message(feed(a), `${tag} edited`);
    await expect(edited.locator('.mention')).toHaveText("@Seán O'Neil");
  });

  await test.step('a mention whose name was edited goes as plain text', async () => {
    await pickSean();
    await box.press('Backspace');
    await box.press('Backspace');
    await expect(mirror).toHaveCount(0);
    const tag = uniq('broken');
    await box.pressSequentially(` ${tag}`);
    await box.press('Enter');
    const m = message(feed(a), tag);
    await expect(m).toContainText(`@Seán O'Nei ${tag}`);
    await expect(m.locator('.mention')).toHaveCount(0);
  });

  await test.step('@here still completes and broadcasts', async () => {
    await box.pressSequentially('@her');
    await box.press('Enter');
    await expect(box).toHaveValue('@here ');
    const tag = uniq('everyone');
    await box.pressSequentially(tag);
    await box.press('Enter');
    await expect(message(feed(a), tag).locator('.mention-all')).toHaveText('@here');
  });
  await ann.ctx.close();
  await sean.ctx.close();
});

test('the security policy: a warning before sending, the draft kept when refused, a notice when masked', async ({
  browser,
}) => {
  const { ann, a, ws } = await aloneInGeneral(browser, 'Ann Policy', 'Policy');
  const box = composer(a);
  // The default policy masks card numbers: the composer says so while typing, the server masks it
  // and the sender is told.
  await box.fill('pay with 4111 1111 1111 1111 today');
  await expect(
    a.getByRole('status').filter({ hasText: 'Payment card numbers will be masked when sent' }),
  ).toBeVisible();
  await box.press('Enter');
  await expect(message(feed(a), 'pay with •••• 1111 today')).toBeVisible();
  await expect(feed(a)).not.toContainText('4111 1111');
  const notice = a.getByRole('status').filter({ hasText: 'Sent with payment card numbers masked' });
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);

  // An admin makes cards a refusal: the next draft is not sent, and stays for the person to fix.
  const {
    version,
    updatedAt: _u,
    updatedBy: _b,
    ...rest
  } = await api<
    { version: number; updatedAt: unknown; updatedBy: unknown; detectors: object } & Record<string, unknown>
  >(ann.page, 'admin.policy', { workspaceId: ws.id }, 'query');
  await api(ann.page, 'admin.setPolicy', {
    ...rest,
    workspaceId: ws.id,
    expectedVersion: version,
    detectors: { ...rest.detectors, card: 'block' },
  });
  await a.reload();
  await expect(box).toBeVisible();
  await box.fill('card 4111 1111 1111 1111');
  await expect(
    a.getByRole('status').filter({ hasText: 'does not allow payment card numbers' }),
  ).toBeVisible();
  await box.press('Enter');
  await expect(a.locator('form.composer').getByRole('alert')).toHaveText(
    'This workspace does not allow payment card numbers in messages: remove it to send.',
  );
  await expect(box).toHaveValue('card 4111 1111 1111 1111');
  await expect(message(feed(a), 'card 4111')).toHaveCount(0);
});
