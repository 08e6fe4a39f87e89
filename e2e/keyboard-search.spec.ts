import { expect, test, type Page } from '@playwright/test';
import { api, expectAccessible, person, run, uniq, workspaceWith, type Person, type Ws } from './support';

// The web app's keyboard paths and header tools: the Ctrl/Cmd+K switcher, Escape back to the
// composer, the sidebar's search box with highlighted results, channel settings and edit history.
// People, workspaces and messages are made through the API (e2e/support.ts).

interface Conv {
  id: string;
  name: string;
  isDefault: boolean;
}

/** A workspace with its #general (support.ts `workspaceWith`). */
async function withGeneral(owner: Person, ...others: Person[]) {
  const ws = await workspaceWith(owner, 'Keys', ...others);
  const general = (await api<Conv[]>(owner.page, 'channel.list', { workspaceId: ws.id }, 'query')).find(
    (c) => c.isDefault,
  )!;
  return { ws, general };
}

const say = (page: Page, ws: Ws, conversationId: string, body: string) =>
  api<{ message: { id: string } }>(page, 'message.send', {
    workspaceId: ws.id,
    conversationId,
    clientMsgId: uniq('cm'),
    body,
  }).then((r) => r.message.id);

const composer = (page: Page, name = 'general') => page.getByLabel(`Message #${name}`, { exact: true });
const message = (page: Page, text: string) => page.getByRole('article').filter({ hasText: text });

async function openChat(page: Page, ws: Ws, path = '') {
  await page.goto(`/w/${ws.slug}${path}`);
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
}

/** axe in the light theme and the dark one. */
async function accessibleInBothThemes(page: Page) {
  await page.emulateMedia({ colorScheme: 'light' });
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'light' });
}

test('Ctrl+K opens the switcher: unread first, typing filters, arrows choose, Enter opens, Escape closes', async ({
  browser,
}) => {
  const ann = await person(browser, 'Ann Switcher');
  const bob = await person(browser, 'Bob Poster');
  const { ws } = await withGeneral(ann, bob);
  const alpha = await api<Conv>(ann.page, 'channel.create', { workspaceId: ws.id, name: `alpha-${run}` });
  const budget = await api<Conv>(ann.page, 'channel.create', { workspaceId: ws.id, name: `budget-${run}` });
  await api(bob.page, 'channel.join', { workspaceId: ws.id, channelId: budget.id });
  await say(bob.page, ws, budget.id, 'news in budget');
  const a = ann.page;
  await openChat(a, ws);
  await expect(a.getByRole('navigation', { name: 'Conversations' }).getByText(`budget-${run}`)).toBeVisible();

  const box = composer(a);
  await box.focus();
  await a.keyboard.press('Control+k');
  const dialog = a.getByRole('dialog', { name: 'Jump to a conversation' });
  await expect(dialog).toBeVisible();
  const input = dialog.getByRole('combobox', { name: 'Conversation name' });
  await expect(input).toBeFocused();
  const options = dialog.getByRole('option');
  // The only conversation with an unread message leads, ahead of the sidebar's own order.
  await expect(options.first()).toContainText(`budget-${run}`);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await accessibleInBothThemes(a);

  await input.fill('ALPHA');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText(`alpha-${run}`);

  await input.fill(run);
  await expect(options).toHaveCount(2);
  const ids = await options.evaluateAll((els) => els.map((e) => e.id));
  await expect(input).toHaveAttribute('aria-activedescendant', ids[0]!);
  await input.press('ArrowDown');
  await expect(input).toHaveAttribute('aria-activedescendant', ids[1]!);
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(1)).toContainText(`alpha-${run}`);
  await input.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(a).toHaveURL(new RegExp(`/w/${ws.slug}/c/${alpha.id}$`));
  await expect(a.getByRole('heading', { name: `#alpha-${run}` })).toBeVisible();

  // Escape closes it and gives focus back to where it was.
  const there = composer(a, `alpha-${run}`);
  await there.focus();
  await a.keyboard.press('Control+k');
  await expect(dialog).toBeVisible();
  await a.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(there).toBeFocused();

  // Not keyboard-only: the sidebar's button opens it too, and shows the shortcut.
  const button = a.getByRole('button', { name: 'Jump to…' });
  await expect(button).toHaveAttribute('aria-keyshortcuts', /Control\+K/);
  await expect(button).toContainText(/Ctrl\+K|⌘K/);
  await button.click();
  await expect(input).toBeFocused();
  await expect(options).toHaveCount(3);
});

test('Escape in the conversation pane returns focus to the composer; menus and the editor keep theirs', async ({
  browser,
}) => {
  const ann = await person(browser, 'Ann Escape');
  const { ws, general } = await withGeneral(ann);
  const text = uniq('escape me');
  await say(ann.page, ws, general.id, text);
  const a = ann.page;
  await openChat(a, ws);
  const box = composer(a);
  const row = message(a, text);
  await expect(row).toBeVisible();

  await row.hover();
  const react = row.getByRole('button', { name: 'Add reaction' });
  await react.focus();
  await expect(react).toBeFocused();
  await a.keyboard.press('Escape');
  await expect(box).toBeFocused();

  // The mention menu takes Escape first: it closes, and the composer keeps its text.
  await box.fill('@');
  await expect(a.getByRole('listbox')).toBeVisible();
  await box.press('Escape');
  await expect(a.getByRole('listbox')).toBeHidden();
  await expect(box).toHaveValue('@');
  await box.fill('');

  // The edit form's Escape cancels the edit; it is not taken away from it.
  await box.press('ArrowUp');
  const editor = a.getByLabel('Edit your message', { exact: true });
  await expect(editor).toBeFocused();
  await editor.press('Escape');
  await expect(editor).toBeHidden();
  await expect(row).toContainText(text);
});

test('the sidebar search box opens the search page with the matched words highlighted', async ({
  browser,
}) => {
  const ann = await person(browser, 'Ann Searcher');
  const { ws, general } = await withGeneral(ann);
  const word = `Zeta${run}`;
  const other = uniq('unrelated');
  await say(ann.page, ws, general.id, `The quarterly ${word} review, again ${word.toUpperCase()}`);
  await say(ann.page, ws, general.id, other);
  const a = ann.page;
  await openChat(a, ws);

  const box = a.getByRole('search').getByRole('searchbox', { name: 'Search messages' });
  await box.fill(word.toLowerCase());
  await box.press('Enter');
  await expect(a).toHaveURL(new RegExp(`/w/${ws.slug}/search\\?q=${word.toLowerCase()}$`));
  // The search page ran the query from the URL.
  await expect(a.getByLabel('Search for')).toHaveValue(word.toLowerCase());
  const results = a.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('article')).toHaveCount(1);
  const marks = results.locator('mark');
  // Both spellings are the same word to the index, and only that word is marked.
  await expect(marks).toHaveText([word, word.toUpperCase()]);
  await expect(results).toContainText('The quarterly');
  await expect(results).not.toContainText(other);
  await accessibleInBothThemes(a);
});

test('a channel moderator renames a channel, sets its topic and description; errors show at the field', async ({
  browser,
}) => {
  const ann = await person(browser, 'Ann Editor');
  const { ws } = await withGeneral(ann);
  const plans = await api<Conv>(ann.page, 'channel.create', { workspaceId: ws.id, name: `plans-${run}` });
  const a = ann.page;
  await openChat(a, ws, `/c/${plans.id}`);
  await expect(a.getByRole('heading', { name: `#plans-${run}` })).toBeVisible();

  await a.getByRole('button', { name: 'Edit channel' }).click();
  const dialog = a.getByRole('dialog', { name: `Edit #plans-${run}` });
  await expect(dialog).toBeVisible();
  const name = dialog.getByLabel('Name', { exact: true });

  // A taken name comes back as a sentence at the name field.
  await name.fill('General');
  await expect(name).toHaveValue('general');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Another channel already has this name.')).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await accessibleInBothThemes(a);

  await name.fill(`Road Map ${run}!`);
  await expect(name).toHaveValue(`road-map-${run}`);
  await expect(dialog.getByText(`#road-map-${run}`)).toBeVisible();
  await dialog.getByLabel('Topic').fill('Where we are going');
  await dialog.getByLabel('Description').fill('Quarterly plans and who owns them');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  const sidebar = a.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar.getByText(`road-map-${run}`, { exact: true })).toBeVisible();
  await expect(sidebar.getByText(`plans-${run}`, { exact: true })).toHaveCount(0);
  await expect(a.getByRole('heading', { name: `#road-map-${run}` })).toBeVisible();
  const header = a.locator('.conv-header');
  await expect(header).toContainText('Where we are going');
  await expect(header).toContainText('Quarterly plans and who owns them');
  // What the server stored, not only what the page shows.
  const stored = (
    await api<(Conv & { topic: string; description: string })[]>(
      a,
      'channel.list',
      { workspaceId: ws.id },
      'query',
    )
  ).find((c) => c.id === plans.id)!;
  expect(stored).toMatchObject({ name: `road-map-${run}`, description: 'Quarterly plans and who owns them' });
});

test('"(edited)" opens the earlier versions of a message with their times', async ({ browser }) => {
  const ann = await person(browser, 'Ann Reviser');
  const { ws, general } = await withGeneral(ann);
  const tag = uniq('rev');
  const first = `first draft ${tag}`;
  const id = await say(ann.page, ws, general.id, first);
  await api(ann.page, 'message.edit', { workspaceId: ws.id, messageId: id, body: `second try ${tag}` });
  await api(ann.page, 'message.edit', { workspaceId: ws.id, messageId: id, body: `final words ${tag}` });
  const a = ann.page;
  await openChat(a, ws);
  const row = message(a, `final words ${tag}`);
  await expect(row).toBeVisible();

  const edited = row.getByRole('button', { name: '(edited)' });
  await edited.click();
  const dialog = a.getByRole('dialog', { name: 'Earlier versions' });
  await expect(dialog).toBeVisible();
  const versions = dialog.getByRole('list', { name: 'Earlier versions' }).getByRole('listitem');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText(first);
  await expect(versions.nth(1)).toContainText(`second try ${tag}`);
  await expect(versions.nth(0).locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  await expect(dialog).not.toContainText(`final words ${tag}`);
  await accessibleInBothThemes(a);

  await a.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(edited).toBeFocused();
});
