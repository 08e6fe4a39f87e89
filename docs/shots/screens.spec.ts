import { expect, test, type Page } from '@playwright/test';

const BASE = 'http://localhost:3100';
const run = Date.now().toString(36);

async function api<T>(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`/api/trpc/${path}`, { data: input, headers: { origin: BASE } });
  const body = (await res.json()) as { result?: { data: T } };
  if (!res.ok() || !body.result) throw new Error(`${path} failed: ${res.status()}`);
  return body.result.data;
}

async function signUp(page: Page, name: string) {
  const res = await page.request.post('/api/auth/sign-up/email', {
    data: {
      name,
      email: `${name.split(' ')[0]!.toLowerCase()}-${run}@example.test`,
      password: `pw-${run}-long-enough`,
    },
    headers: { origin: BASE },
  });
  return ((await res.json()) as { user: { id: string } }).user.id;
}

test('web app and console screenshots', async ({ browser }) => {
  const aliceCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const bobCtx = await browser.newContext();
  const alice = await aliceCtx.newPage();
  const bob = await bobCtx.newPage();
  const aliceId = await signUp(alice, 'Alice Archer');
  await signUp(bob, 'Bob Baker');
  const ws = await api<{ id: string; slug: string }>(alice, 'workspace.create', { name: 'Acme' });
  const inv = await api<{ token: string }>(alice, 'member.invite', { workspaceId: ws.id, role: 'member' });
  await api(bob, 'member.accept', { token: inv.token });
  const general = (await (await alice.request.get(`/api/v1/workspaces/${ws.id}/channels`)).json()) as {
    id: string;
  }[];
  const conversationId = general[0]!.id;
  const say = (page: Page, body: string, i: number) =>
    api<{ message: { id: string } }>(page, 'message.send', {
      workspaceId: ws.id,
      conversationId,
      clientMsgId: `shot-${run}-${i}`,
      body,
    });
  const first = await say(alice, 'Welcome to **Acme** on Enclave! Messages here are encrypted at rest.', 1);
  await say(bob, `Thanks <@${aliceId}>! Is the *Q3 invoice review* still on for Thursday?`, 2);
  await say(alice, 'Yes, 10:00. The agenda is in `docs/q3-review.md`.', 3);
  await api(bob, 'reaction.toggle', { workspaceId: ws.id, messageId: first.message.id, emoji: '👍' });
  await api(alice, 'channel.create', { workspaceId: ws.id, name: 'design', topic: 'Pixels and flows' });

  await alice.goto(`/w/${ws.slug}`);
  await expect(alice.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  await expect(alice.getByText('Yes, 10:00.')).toBeVisible();
  await alice.screenshot({ path: 'docs/screenshots/web-app.png' });

  await alice.goto(`/admin/${ws.slug}`);
  await expect(alice.getByRole('heading', { level: 1 })).toBeVisible();
  await alice.waitForTimeout(2000); // the charts animate in
  await alice.screenshot({ path: 'docs/screenshots/admin-console.png', fullPage: true });
});
