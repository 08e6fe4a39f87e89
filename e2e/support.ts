import AxeBuilder from '@axe-core/playwright';
import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test';

// What the specs share: people and workspaces made through the API (a sign-up, then a sign-in that
// sets the context's session cookie), so each spec spends its time on what it tests, and the axe check.

export const BASE = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
/** This run's suffix: the database is fresh per run, but names must not collide within it. */
export const run = Date.now().toString(36);
let counter = 0;
/** A value no other run or call of this one has made. */
export const uniq = (prefix: string) => `${prefix}-${run}-${++counter}`;

export interface Person {
  ctx: BrowserContext;
  page: Page;
  id: string;
  name: string;
}

export interface Ws {
  id: string;
  slug: string;
}

/** A tRPC call over HTTP as the page's signed-in person. */
export async function api<T>(
  page: Page,
  path: string,
  input: unknown,
  kind: 'query' | 'mutation' = 'mutation',
) {
  const res =
    kind === 'mutation'
      ? await page.request.post(`/api/trpc/${path}`, { data: input, headers: { origin: BASE } })
      : await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!res.ok() || !body.result) throw new Error(`${path} failed: ${res.status()} ${JSON.stringify(body)}`);
  return body.result.data;
}

/**
 * Creates an account and signs in with it on `request` (a page's or context's), which keeps the
 * session cookie. Sign-up alone signs nobody in: it answers alike for new and taken addresses.
 */
export async function signUpAndIn(
  request: APIRequestContext,
  account: { name: string; email: string; password: string },
): Promise<{ id: string }> {
  const up = await request.post('/api/auth/sign-up/email', { data: account, headers: { origin: BASE } });
  expect(up.ok(), await up.text()).toBeTruthy();
  const { email, password } = account;
  const res = await request.post('/api/auth/sign-in/email', {
    data: { email, password },
    headers: { origin: BASE },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return ((await res.json()) as { user: { id: string } }).user;
}

/**
 * After the sign-up form was sent: the page asks to check the mail (the same for a new and a taken
 * address), and its "Sign in" link, which keeps the destination, signs the person in.
 */
export async function signInAfterSignUp(page: Page, account: { email: string; password: string }) {
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(account.email);
  await page.getByRole('main').getByRole('link', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A new person signed up in a browser context of their own. */
export async function person(browser: Browser, name: string): Promise<Person> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const email = `${uniq('person')}@example.test`;
  const { id } = await signUpAndIn(page.request, { name, email, password: `pw-${uniq('pw')}-long-enough` });
  return { ctx, page, id, name };
}

/** `p` joins `ws` through an invitation `owner` makes (as a member unless told otherwise). */
export async function join(owner: Person, p: Person, ws: { id: string }, role = 'member') {
  const inv = await api<{ token: string }>(owner.page, 'member.invite', { workspaceId: ws.id, role });
  await api(p.page, 'member.accept', { token: inv.token });
}

/** `owner` creates a workspace (its name starting with `prefix`); the others join it as members. */
export async function workspaceWith(
  owner: Person,
  prefix: string,
  ...others: Person[]
): Promise<Ws & { name: string }> {
  const ws = await api<Ws & { name: string }>(owner.page, 'workspace.create', {
    name: `${prefix} ${uniq('ws')}`,
  });
  for (const p of others) await join(owner, p, ws);
  return ws;
}

/** axe-core on the page as it is now (frames included): no serious or critical violations. */
export async function expectAccessible(page: Page, opts: { include?: string } = {}) {
  // `include`: only that part of the page (and the frames inside it), e.g. a widget on a host page.
  const builder = new AxeBuilder({ page });
  const results = await (opts.include ? builder.include(opts.include) : builder).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
  expect(bad).toEqual([]);
  return results;
}

/** The WCAG 2.0–2.2 A and AA tags, which include 2.2's 24 px `target-size`. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Axe with the WCAG A/AA rules up to 2.2 (target size included): each violation as a line. */
export async function wcag22Violations(page: Page, opts: { include?: string } = {}) {
  // `include`: only that part of the page (and the frames inside it), e.g. a widget on a host page.
  const builder = new AxeBuilder({ page }).withTags(WCAG_AA_TAGS);
  const r = await (opts.include ? builder.include(opts.include) : builder).analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Axe with the WCAG A/AA rules up to 2.2 (target size included): no violations at all. */
export async function expectWcag22(page: Page) {
  expect(await wcag22Violations(page)).toEqual([]);
}
