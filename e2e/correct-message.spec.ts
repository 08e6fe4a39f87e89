import { expect, test, type Page } from '@playwright/test';
import { api, expectAccessible, join, person, uniq, workspaceWith } from './support';

// Rectification in the web app: an admin corrects a member's message from its actions, with the
// keyboard, in a dialog that asks for the reason; the text changes for everyone, the message says
// "corrected by an admin" instead of "edited", and its history shows the old text and the reason.

interface Conv {
  id: string;
  isDefault: boolean;
}

const feed = (page: Page) => page.getByRole('feed', { name: 'Messages in #general' });
const message = (page: Page, text: string) => feed(page).getByRole('article').filter({ hasText: text });

async function openChat(page: Page, slug: string) {
  await page.goto(`/w/${slug}`);
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
}

test('an admin corrects a member’s message with a reason; it shows as corrected, with its history', async ({
  browser,
}) => {
  const owner = await person(browser, 'Olga Owner');
  const admin = await person(browser, 'Ada Admin');
  const mel = await person(browser, 'Mel Member');
  const ws = await workspaceWith(owner, 'Rectify', mel);
  await join(owner, admin, ws, 'admin');
  const general = (await api<Conv[]>(owner.page, 'channel.list', { workspaceId: ws.id }, 'query')).find(
    (c) => c.isDefault,
  )!;
  const tag = uniq('inv');
  const wrong = `Invoice ${tag} is due Friday`;
  const right = `Invoice ${tag} is due Thursday`;
  await api(mel.page, 'message.send', {
    workspaceId: ws.id,
    conversationId: general.id,
    clientMsgId: uniq('cm'),
    body: wrong,
  });
  const a = admin.page;
  await openChat(a, ws.slug);
  await openChat(mel.page, ws.slug);
  await expect(message(mel.page, wrong)).toBeVisible();

  // The admin's own messages have no Correct action (they edit them); others' do.
  const row = message(a, wrong);
  const action = row.getByRole('button', { name: 'Correct message…' });
  const dialog = a.getByRole('dialog', { name: 'Correct message' });

  await test.step('the dialog opens from the keyboard, with the text and a required reason', async () => {
    await action.focus();
    await a.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    const text = dialog.getByLabel('Corrected text');
    await expect(text).toBeFocused();
    await expect(text).toHaveValue(wrong);
    await expectAccessible(a);
    await a.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(action).toBeFocused();
  });

  await test.step('without a reason it says what is missing; with one it corrects the message', async () => {
    await a.keyboard.press('Enter');
    const text = dialog.getByLabel('Corrected text');
    await text.fill(right);
    await dialog.getByRole('button', { name: 'Save correction' }).click();
    const reason = dialog.getByRole('textbox', { name: 'Reason' });
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByRole('alert')).toHaveText('Say why the message needs correcting.');
    await reason.fill('Wrong day: the customer asked for it to be put right');
    await reason.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(a.getByText('Corrected. The old text stays')).toBeVisible();
  });

  await test.step('everyone sees the new text, "corrected by an admin" (not "edited")', async () => {
    for (const page of [a, mel.page]) {
      const now = message(page, right);
      await expect(now).toBeVisible();
      await expect(now.getByRole('button', { name: '(corrected by an admin)' })).toBeVisible();
      await expect(now.getByRole('button', { name: '(edited)' })).toHaveCount(0);
      await expect(message(page, wrong)).toHaveCount(0);
    }
  });

  await test.step('the history keeps the old text and the reason', async () => {
    const label = message(mel.page, right).getByRole('button', { name: '(corrected by an admin)' });
    await label.click();
    const history = mel.page.getByRole('dialog', { name: 'Earlier versions' });
    const versions = history.getByRole('list', { name: 'Earlier versions' }).getByRole('listitem');
    await expect(versions).toHaveCount(1);
    await expect(versions.first()).toContainText(wrong);
    await expect(versions.first()).toContainText('Corrected by an admin.');
    await expect(versions.first()).toContainText('Wrong day: the customer asked for it to be put right');
    await expect(versions.first()).toContainText('by Ada Admin');
    await mel.page.keyboard.press('Escape');
    await expect(label).toBeFocused();
  });

  await test.step('the member has no Correct action', async () => {
    await expect(message(mel.page, right).getByRole('button', { name: 'Correct message…' })).toHaveCount(0);
  });
});
