import { createHash } from 'node:crypto';
import { Agent } from 'node:https';
import webpush from 'web-push';
import { isPrivateAddress, publicOnlyLookup } from './address-guard';
import type { VapidKeys } from './vapid';

// The one wrapper around `web-push`: it encrypts a payload for one subscription (RFC 8291,
// aes128gcm), signs the VAPID JWT (RFC 8292) and POSTs it to the subscription's push service. The
// library's module-wide settings are never used: every call carries this sender's own details.

/** Where one browser receives pushes: its push service's URL and its keys (base64url). */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What became of one push: delivered, the subscription is gone (404/410), or it failed. */
export type DeliveryResult =
  { outcome: 'sent' } | { outcome: 'gone'; status: number } | { outcome: 'failed'; error: string };

export interface PushSender {
  /** The VAPID public key (base64url) that subscriptions are made with. */
  readonly publicKey: string;
  deliver(
    target: PushTarget,
    payload: string,
    opts?: { tag?: string; ttlSeconds?: number },
  ): Promise<DeliveryResult>;
  /** Closes the connections kept open to push services. */
  close(): void;
}

export interface WebPushSenderOptions {
  /** Extra certificate authorities to trust (tests: a push endpoint's self-signed certificate). */
  ca?: string | Buffer;
  /** Deliver to loopback and private addresses too (PUSH_ALLOW_PRIVATE_ENDPOINTS). */
  allowPrivateAddresses?: boolean;
  /** How long one push may take (default 10 s). */
  timeoutMs?: number;
}

/** A day: a notification older than that is not worth waking a device for. */
const DEFAULT_TTL_SECONDS = 86_400;

/**
 * The push service keeps at most one undelivered push per topic: the tag's, so a newer push for
 * the same thing replaces an older one still waiting. Topics are at most 32 base64url characters.
 */
const topicOf = (tag: string) => createHash('sha256').update(tag).digest('base64url').slice(0, 32);

/** A failure as the person's device list may show it: never a response body. */
function describe(e: unknown): string {
  if (e instanceof webpush.WebPushError) return `HTTP ${e.statusCode}`;
  const code = (e as { code?: unknown }).code;
  if (code === 'EPRIVATEADDRESS') return 'refused: not a public address';
  if (typeof code === 'string') return `could not connect (${code})`.slice(0, 200);
  return e instanceof Error && /timeout/i.test(e.message) ? 'timed out' : 'could not connect';
}

export function webPushSender(vapid: VapidKeys, opts: WebPushSenderOptions = {}): PushSender {
  const allowPrivate = opts.allowPrivateAddresses === true;
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 16,
    ...(opts.ca && { ca: opts.ca }),
    ...(!allowPrivate && { lookup: publicOnlyLookup }),
  });
  const vapidDetails = { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey };
  return {
    publicKey: vapid.publicKey,
    async deliver(target, payload, o = {}) {
      const host = new URL(target.endpoint).hostname;
      // An address written in the URL is connected to without a lookup: checked here instead.
      if (!allowPrivate && isPrivateAddress(host))
        return { outcome: 'failed', error: 'refused: not a public address' };
      try {
        await webpush.sendNotification(
          { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
          payload,
          {
            vapidDetails,
            agent,
            TTL: o.ttlSeconds ?? DEFAULT_TTL_SECONDS,
            contentEncoding: 'aes128gcm',
            timeout: opts.timeoutMs ?? 10_000,
            ...(o.tag && { topic: topicOf(o.tag) }),
          },
        );
        return { outcome: 'sent' };
      } catch (e) {
        if (e instanceof webpush.WebPushError && (e.statusCode === 404 || e.statusCode === 410))
          return { outcome: 'gone', status: e.statusCode };
        return { outcome: 'failed', error: describe(e) };
      }
    },
    close: () => agent.destroy(),
  };
}
