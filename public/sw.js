/*! Enclave service worker: web push only. Contract: docs/notifications.md. Hand-written ES2020, no build step. */
'use strict';

// Registered (scope /) only when a person turns push notifications on for this browser
// (components/workspace/PushToggle.tsx). It caches nothing and handles no fetches: its one job is to
// show what the server pushed, and to bring the app forward when the notification is clicked.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** The push as the server sends it: { title, body, url, tag }; anything else gets a plain notice. */
function parse(data) {
  let p = {};
  try {
    p = data ? data.json() : {};
  } catch {
    p = {};
  }
  const str = (v, fallback) => (typeof v === 'string' && v ? v : fallback);
  // Only a path on this site is opened: a push cannot send anyone elsewhere.
  const url = typeof p.url === 'string' && /^\/(?![/\\])/.test(p.url) ? p.url : '/';
  return { title: str(p.title, 'Enclave'), body: str(p.body, ''), tag: str(p.tag, ''), url };
}

self.addEventListener('push', (event) => {
  const p = parse(event.data);
  event.waitUntil(
    self.registration.showNotification(p.title, {
      body: p.body,
      // A newer push about the same thing replaces the one already shown.
      ...(p.tag ? { tag: p.tag, renotify: true } : {}),
      icon: '/icon.svg',
      data: { url: p.url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(
    (event.notification.data && event.notification.data.url) || '/',
    self.location.origin,
  );
  event.waitUntil(
    (async () => {
      const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = tabs.filter((c) => new URL(c.url).origin === self.location.origin);
      // A tab already on that page, else any tab of the app (sent there), else a new one.
      const exact = same.find(
        (c) => new URL(c.url).pathname + new URL(c.url).search === target.pathname + target.search,
      );
      const tab = exact || same[0];
      if (tab) {
        const focused = await tab.focus();
        if (!exact && 'navigate' in focused) await focused.navigate(target.href).catch(() => undefined);
        return;
      }
      await self.clients.openWindow(target.href);
    })(),
  );
});
