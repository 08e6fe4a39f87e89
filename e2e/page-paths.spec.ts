import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { UNDECODABLE as badEncodings } from '../test/http';
import { expectAccessible } from './support';

// Page paths whose percent-encoding does not decode: a 4xx from the server, never Next's 500.

// Every page route, from the file system: a new page is covered without editing this file.
const appDir = path.join(process.cwd(), 'app');
function pageRoutes(dir = appDir): string[][] {
  const out: string[][] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pageRoutes(full));
    else if (e.name === 'page.tsx')
      out.push(
        path
          .relative(appDir, dir)
          .split(path.sep)
          // Route groups `(name)` and private folders `_name` are not part of the URL.
          .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('_')),
      );
  }
  return out;
}

/** A plausible value per dynamic segment; a new `[param]` must be added here. */
const samples: Record<string, string> = {
  slug: 'acme',
  token: 'inv_0123456789abcdef',
  conversationId: '00000000-0000-4000-8000-000000000000',
  fileId: '00000000-0000-4000-8000-000000000001',
};

test('every page route answers a malformed path with a 4xx, never a 5xx', async ({ request }) => {
  const routes = pageRoutes();
  expect(routes.length).toBeGreaterThan(10);
  const unknown = routes.flat().filter((s) => /^\[.*\]$/.test(s) && !(s.slice(1, -1) in samples));
  expect(unknown, 'dynamic segments without a sample value').toEqual([]);

  const failures: string[] = [];
  const expectStatus = async (url: string, ok: (status: number) => boolean) => {
    const res = await request.get(url, { maxRedirects: 0 });
    const text = await res.text();
    if (!ok(res.status()) || /\bat \S+ \(|node_modules|\.ts:\d+/.test(text))
      failures.push(`${res.status()} ${url}`);
  };
  const fill = (segments: string[]) =>
    segments.map((s) => (/^\[.*\]$/.test(s) ? samples[s.slice(1, -1)] : s));
  const clientError = (s: number) => s >= 400 && s < 500;

  for (const segments of routes) {
    const plain = fill(segments);
    const at = (s: (string | undefined)[]) => `/${s.join('/')}`;
    for (const bad of badEncodings) {
      // The bad encoding in place of each dynamic segment, inside the last segment, and as one
      // more segment.
      for (const [i, s] of segments.entries()) {
        if (!/^\[.*\]$/.test(s)) continue;
        await expectStatus(at(plain.map((p, j) => (j === i ? bad : p))), clientError);
      }
      await expectStatus(`${at(plain)}${bad}`, clientError);
      await expectStatus(at([...plain, bad]), clientError);
      // In the query string a page may ignore it, but it must not fail.
      await expectStatus(`${at(plain)}?next=${bad}&q=${bad}`, (s) => s < 500);
    }
  }
  expect(failures).toEqual([]);
});

test('an address the app does not have gets a 404 in the product’s style', async ({ page }) => {
  const res = await page.goto('/no-such-page/here');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Your workspaces' })).toHaveAttribute('href', '/workspaces');
  await expect(page.getByText('This page could not be found')).toHaveCount(0);
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
});
