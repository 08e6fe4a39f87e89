import { expect, test, type Page } from '@playwright/test';
import { api, BASE, expectAccessible, person, workspaceWith } from './support';

// "Push notifications on this device" in Chromium. Chromium's PushManager.subscribe() asks
// Google's push service for an endpoint, which a machine without internet cannot reach: that one
// call is stood in for (a real P-256 key pair and auth secret made by the page's WebCrypto, an
// endpoint that names no real service). Everything else is the browser's own: the permission,
// the service worker's registration, and a push delivered to that worker (through the DevTools
// protocol, as the push service would), which shows the notification.

type Device = { id: string; endpoint: string; userAgent: string | null };

/** The vendor's push service, stood in for: subscriptions live in localStorage, like the browser's own. */
const standInForPushService = () => {
  const KEY = 'e2e-push-subscription';
  const b64url = (b: ArrayBuffer) =>
    btoa(String.fromCharCode(...new Uint8Array(b)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  type Stored = { endpoint: string; p256dh: string; auth: string; key: string };
  const asSubscription = (s: Stored) => {
    const key = Uint8Array.from(atob(s.key.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    return {
      endpoint: s.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: key.buffer },
      toJSON: () => ({
        endpoint: s.endpoint,
        expirationTime: null,
        keys: { p256dh: s.p256dh, auth: s.auth },
      }),
      unsubscribe: () => {
        localStorage.removeItem(KEY);
        return Promise.resolve(true);
      },
    };
  };
  PushManager.prototype.getSubscription = function () {
    const s = localStorage.getItem(KEY);
    return Promise.resolve(
      s ? (asSubscription(JSON.parse(s) as Stored) as unknown as PushSubscription) : null,
    );
  };
  PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
    const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const raw = await crypto.subtle.exportKey('raw', pair.publicKey);
    const key = options?.applicationServerKey as Uint8Array;
    const s: Stored = {
      endpoint: `https://push.invalid/e2e/${crypto.randomUUID()}`,
      p256dh: b64url(raw),
      auth: b64url(crypto.getRandomValues(new Uint8Array(16)).buffer),
      key: b64url(key.buffer as ArrayBuffer),
    };
    localStorage.setItem(KEY, JSON.stringify(s));
    return asSubscription(s) as unknown as PushSubscription;
  };
};

const toggle = (page: Page) => page.getByRole('switch', { name: 'Push notifications on this device' });

test('the switch subscribes this browser, survives a reload, shows a push, and unsubscribes', async ({
  browser,
}) => {
  const owner = await person(browser, 'Paula Push');
  const ws = await workspaceWith(owner, 'Push');
  const page = owner.page;
  await owner.ctx.grantPermissions(['notifications'], { origin: BASE });
  await owner.ctx.addInitScript(standInForPushService);
  const devices = () => api<Device[]>(page, 'notification.pushDevices', { workspaceId: ws.id }, 'query');

  await page.goto(`/w/${ws.slug}/notifications`);
  await expect(toggle(page)).not.toBeChecked();
  await expect(page.getByText(/^Off: this browser shows no notifications/)).toBeVisible();
  // Nothing is registered by looking.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  await expectAccessible(page);

  // Controlled by the outcome: checked once the browser and the server both have the subscription.
  await toggle(page).click();
  await expect(toggle(page)).toBeChecked();
  await expect(page.getByText(/^On: this browser shows a notification/)).toBeVisible();
  const sw = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return { scope: reg.scope, script: reg.active?.scriptURL };
  });
  expect(sw).toEqual({ scope: `${BASE}/`, script: `${BASE}/sw.js` });
  const [device] = await devices();
  expect(device?.endpoint).toMatch(/^https:\/\/push\.invalid\/e2e\//);
  expect(device?.userAgent).toMatch(/Chrome/);

  await page.reload();
  await expect(toggle(page)).toBeChecked();

  // A push reaches the service worker (as the push service would deliver it) and is shown.
  const cdp = await owner.ctx.newCDPSession(page);
  const registrationId = await new Promise<string>((resolve) => {
    cdp.on(
      'ServiceWorker.workerRegistrationUpdated',
      (e: { registrations: { registrationId: string; scopeURL: string }[] }) => {
        const r = e.registrations.find((x) => x.scopeURL === `${BASE}/`);
        if (r) resolve(r.registrationId);
      },
    );
    void cdp.send('ServiceWorker.enable');
  });
  const push = {
    title: 'Bob mentioned you',
    body: 'New mention in #general',
    url: `/w/${ws.slug}`,
    tag: 'mention:e2e',
  };
  const deliver = () =>
    cdp.send('ServiceWorker.deliverPushMessage', {
      origin: BASE,
      registrationId,
      data: JSON.stringify(push),
    });
  await deliver();
  await expect
    .poll(
      async () => {
        const shown = await page.evaluate(async () =>
          (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
            title: n.title,
            body: n.body,
            tag: n.tag,
            url: (n.data as { url?: string } | null)?.url,
          })),
        );
        // On a loaded machine a push can reach a worker still starting up and be dropped, as a push
        // service's retry would cover: deliver it again (the same tag shows one notification).
        if (shown.length === 0) await deliver();
        return shown;
      },
      { timeout: 20_000 },
    )
    .toEqual([{ title: push.title, body: push.body, tag: push.tag, url: push.url }]);

  await toggle(page).click();
  await expect(toggle(page)).not.toBeChecked();
  await expect.poll(devices).toEqual([]);
  // The browser's subscription ended too (no other workspace of hers used it).
  expect(await page.evaluate(() => localStorage.getItem('e2e-push-subscription'))).toBeNull();
  await owner.ctx.close();
});

test('the switch explains a browser that blocks notifications, and one without push', async ({ browser }) => {
  const owner = await person(browser, 'Dina Denied');
  const ws = await workspaceWith(owner, 'Push denied');
  const page = owner.page;
  await page.goto(`/w/${ws.slug}/notifications`);
  // Blocked in the browser's own settings for this site (this context's, not the default one's).
  const cdp = await owner.ctx.newCDPSession(page);
  const { targetInfo } = (await cdp.send('Target.getTargetInfo')) as {
    targetInfo: { browserContextId?: string };
  };
  await cdp.send('Browser.setPermission', {
    permission: { name: 'notifications' },
    setting: 'denied',
    origin: BASE,
    ...(targetInfo.browserContextId && { browserContextId: targetInfo.browserContextId }),
  });
  expect(await page.evaluate(() => Notification.permission)).toBe('denied');
  await page.reload();
  await expect(toggle(page)).toBeDisabled();
  await expect(
    page.getByText(/blocks notifications from this site.*set Notifications to Allow/),
  ).toBeVisible();
  await expectAccessible(page);

  // A browser without the Push API.
  const bare = await browser.newContext({ storageState: await owner.ctx.storageState() });
  await bare.addInitScript(() => {
    delete (window as { PushManager?: unknown }).PushManager;
  });
  const other = await bare.newPage();
  await other.goto(`${BASE}/w/${ws.slug}/notifications`);
  await expect(toggle(other)).toBeDisabled();
  await expect(other.getByText(/This browser cannot receive push notifications/)).toBeVisible();
  await bare.close();
  await owner.ctx.close();
});

test('an admin allows message text in pushes from the console', async ({ browser }) => {
  const owner = await person(browser, 'Alma Admin');
  const ws = await workspaceWith(owner, 'Push preview');
  const page = owner.page;
  await page.goto(`/admin/${ws.slug}/settings/messages`);
  const preview = page.getByLabel('Show message text in push notifications');
  await expect(preview).not.toBeChecked();
  await preview.check();
  await page.getByRole('button', { name: 'Save push settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Show message text in push notifications')).toBeChecked();
  const got = await api<{ settings: { notifications: { pushPreview: boolean } } }>(
    page,
    'workspace.get',
    { workspaceId: ws.id },
    'query',
  );
  expect(got.settings.notifications.pushPreview).toBe(true);
  await expectAccessible(page);
  await owner.ctx.close();
});
