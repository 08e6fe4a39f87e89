import type { PushPort, TenantRunner } from '../domain/deps';
import { deliverPush } from '../domain/notification/push';
import type { Env } from '../env';
import { webPushSender, type PushSender, type WebPushSenderOptions } from '../lib/push/sender';
import { loadOrCreateVapidKeys, subjectFromMailFrom, type VapidKeys } from '../lib/push/vapid';

/** The VAPID keys as configured, or the pair kept in DATA_DIR/vapid.json (made on first use). */
export function vapidKeysFrom(e: Env): VapidKeys {
  const subject = e.VAPID_SUBJECT ?? subjectFromMailFrom(e.MAIL_FROM);
  if (e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY)
    return { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject };
  return { ...loadOrCreateVapidKeys(e.DATA_DIR), subject };
}

/** The push port with its sender's connections, which close with the runtime. */
export interface WebPushPort extends PushPort {
  close(): void;
}

/**
 * Web push over `web-push`: subscriptions read and kept up to date through the tenant runner. The
 * keys are read (or made) on first use, so a process that never pushes writes no key file.
 * `opts` are for tests: a certificate authority for a push endpoint on loopback, and leave to
 * deliver there.
 */
export function webPushPort(
  tenants: TenantRunner,
  keys: () => VapidKeys,
  opts: WebPushSenderOptions = {},
): WebPushPort {
  let sender: PushSender | null = null;
  const current = () => (sender ??= webPushSender(keys(), opts));
  return {
    send: (workspaceId, userId, payload) => deliverPush({ tenants }, current(), workspaceId, userId, payload),
    publicKey: () => current().publicKey,
    close: () => sender?.close(),
  };
}
