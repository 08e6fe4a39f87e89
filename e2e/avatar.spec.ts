import { expect, test, type Page } from '@playwright/test';
import { avatarColour } from '../components/ui/avatar';
import { AVATAR_PALETTE, avatarColourNames } from '../shared/avatar-colours';
import { expectWcag22, person, uniq, workspaceWith } from './support';

// The profile's avatar colour picker: a chosen colour is saved, kept and seen by the others.

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const preview = (page: Page) => page.getByTestId('avatar-preview').locator('.avatar');
const picker = (page: Page) => page.getByRole('group', { name: 'Colour' });

test('avatar colour: picked with the keyboard or a click, saved, and shown to others', async ({
  browser,
}) => {
  const ann = await person(browser, 'Ann Colour');
  const bob = await person(browser, 'Bob Viewer');
  const ws = await workspaceWith(ann, 'Avatars', bob);
  const a = ann.page;
  await a.setViewportSize({ width: 1440, height: 900 });
  // A colour that is not the one Ann's id gives her, so the test tells the two apart.
  const hashed = avatarColour(ann.id).light;
  const chosen = avatarColourNames.find((n) => n !== 'red' && AVATAR_PALETTE[n].light !== hashed)!;
  const { label, light, dark } = AVATAR_PALETTE[chosen];

  await a.goto('/account');
  await expect(picker(a).getByRole('radio', { name: 'Default' })).toBeChecked();
  await expect(preview(a)).toHaveText('AC');
  await expect(preview(a)).toHaveCSS('background-color', rgb(hashed));

  await test.step('accessible in light and dark, on a desktop and a phone', async () => {
    for (const size of [
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await a.setViewportSize(size);
      for (const colorScheme of ['light', 'dark'] as const) {
        await a.emulateMedia({ colorScheme });
        await expectWcag22(a);
      }
      // Nothing wider than the screen.
      expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    }
    await a.emulateMedia({ colorScheme: 'light' });
    await a.setViewportSize({ width: 1440, height: 900 });
  });

  await test.step('arrow keys move the choice, and the preview follows', async () => {
    await picker(a).getByRole('radio', { name: 'Default' }).focus();
    await a.keyboard.press('ArrowRight');
    await expect(picker(a).getByRole('radio', { name: 'Red' })).toBeChecked();
    await expect(picker(a).getByRole('radio', { name: 'Red' })).toBeFocused();
    await expect(preview(a)).toHaveCSS('background-color', rgb(AVATAR_PALETTE.red.light));
  });

  await test.step('save, and the choice is still there after a reload', async () => {
    await picker(a).getByRole('radio', { name: label, exact: true }).check();
    await expect(preview(a)).toHaveCSS('background-color', rgb(light));
    await a.getByRole('button', { name: 'Save colour' }).click();
    await expect(a.getByRole('status').filter({ hasText: 'Saved.' })).toHaveText(
      `Saved. Others now see your avatar in ${label.toLowerCase()}.`,
    );
    await a.reload();
    await expect(picker(a).getByRole('radio', { name: label, exact: true })).toBeChecked();
    await expect(preview(a)).toHaveCSS('background-color', rgb(light));
  });

  await test.step('another member sees the chosen colour by her messages and in the members table', async () => {
    const text = uniq('my new colour');
    await a.goto(`/w/${ws.slug}`);
    const box = a.getByLabel('Message #general', { exact: true });
    await box.fill(text);
    await box.press('Enter');
    await expect(box).toHaveValue('');
    const b = bob.page;
    await b.goto(`/w/${ws.slug}`);
    const mine = b
      .getByRole('feed', { name: 'Messages in #general' })
      .getByRole('article')
      .filter({ hasText: text });
    await expect(mine.locator('.avatar')).toHaveText('AC');
    await expect(mine.locator('.avatar')).toHaveCSS('background-color', rgb(light));
    await b.emulateMedia({ colorScheme: 'dark' });
    await expect(mine.locator('.avatar')).toHaveCSS('background-color', rgb(dark));
    await b.emulateMedia({ colorScheme: 'light' });
    await b.getByRole('link', { name: 'Members', exact: true }).click();
    const row = b.getByRole('row', { name: 'Ann Colour' });
    await expect(row.locator('.avatar')).toHaveCSS('background-color', rgb(light));
    // Bob chose nothing: his own avatar keeps the colour from his id.
    await expect(b.getByRole('row', { name: 'Bob Viewer' }).locator('.avatar')).toHaveCSS(
      'background-color',
      rgb(avatarColour(bob.id).light),
    );
  });

  await test.step('back to the default', async () => {
    await a.goto('/account');
    await picker(a).getByRole('radio', { name: 'Default' }).check();
    await a.getByRole('button', { name: 'Save colour' }).click();
    await expect(a.getByRole('status').filter({ hasText: 'Saved.' })).toContainText('the default colour');
    await a.reload();
    await expect(preview(a)).toHaveCSS('background-color', rgb(hashed));
  });
});
