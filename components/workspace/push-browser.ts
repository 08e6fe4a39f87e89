// The browser's side of web push, apart from React: what the browser can do, the service worker,
// and its one subscription (a browser has one per site, whoever is signed in, for every workspace).

/** Where the service worker lives (public/sw.js); its scope is the whole site. */
export const SERVICE_WORKER_URL = '/sw.js';

/** Why push cannot work in this browser, or null when it can. */
export function pushUnsupportedReason(): string | null {
  if (typeof window === 'undefined') return 'Push notifications need a browser.';
  if (!window.isSecureContext)
    return 'Push notifications need this site to be opened over https (or on localhost).';
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window))
    return 'This browser cannot receive push notifications (it lacks service workers or the Push API).';
  return null;
}

/** A base64url string (the VAPID public key) as the bytes `applicationServerKey` takes. */
export function base64urlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Whether a subscription was made with this application server key (null: unknown, take it as so). */
export function madeWithKey(sub: PushSubscription, publicKey: string): boolean {
  const key = sub.options?.applicationServerKey;
  if (!key) return true;
  const a = new Uint8Array(key);
  const b = base64urlToBytes(publicKey);
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** What the server's subscribePush takes, from the browser's subscription. */
export function subscriptionInput(sub: PushSubscription): {
  endpoint: string;
  keys: { p256dh: string; auth: string };
} {
  const json = sub.toJSON();
  return { endpoint: sub.endpoint, keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' } };
}

/** The service worker's registration, if this browser has one for the site (registers nothing). */
export async function currentRegistration(): Promise<ServiceWorkerRegistration | null> {
  return (await navigator.serviceWorker.getRegistration('/')) ?? null;
}

/** Registers the service worker (scope /) and waits until it is active. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' });
  return navigator.serviceWorker.ready;
}

/**
 * This browser's push subscription for the site, made with `publicKey`: the one it has, or a new
 * one (one made with another key, as after the deployment's keys changed, is replaced).
 */
export async function subscribeBrowser(
  reg: ServiceWorkerRegistration,
  publicKey: string,
): Promise<PushSubscription> {
  const existing = await reg.pushManager.getSubscription();
  if (existing && madeWithKey(existing, publicKey)) return existing;
  if (existing) await existing.unsubscribe();
  return reg.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: base64urlToBytes(publicKey),
  });
}
