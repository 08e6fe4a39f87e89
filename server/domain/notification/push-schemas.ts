import { ECDH } from 'node:crypto';
import { z } from 'zod';
import { text, uuidInput } from '../../lib/text';

export const PUSH_LIMITS = {
  endpointMax: 2048,
  userAgentMax: 300,
  /** Browsers one person keeps per workspace; subscribing another lets the oldest go. */
  devicesMax: 20,
  titleMax: 120,
  bodyMax: 400,
  urlMax: 1000,
  tagMax: 100,
  /** The encrypted record holds 4,096 bytes with its header; JSON of at most this many fits. */
  payloadBytesMax: 3800,
} as const;

function isPushEndpoint(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const u = new URL(s);
  return u.protocol === 'https:' && u.hostname !== '' && !u.username && !u.password;
}

/** A push service's URL for one browser, as `PushSubscription.endpoint` gives it. */
export const pushEndpoint = text()
  .trim()
  .max(PUSH_LIMITS.endpointMax, `At most ${PUSH_LIMITS.endpointMax} characters`)
  .refine(isPushEndpoint, 'An https:// address (the browser’s push subscription endpoint)');

/** `bytes` bytes in base64url (padding tolerated), stored without padding. */
const base64urlOf = (bytes: number, what: string, check: (b: Buffer) => boolean = () => true) =>
  text()
    .trim()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what}: base64url`)
    .transform((s) => s.replace(/=+$/, ''))
    .refine((s) => {
      const b = Buffer.from(s, 'base64url');
      return b.length === bytes && b.toString('base64url') === s && check(b);
    }, `${what}: ${bytes} bytes, base64url`);

/** A point on P-256, uncompressed (0x04 ‖ x ‖ y): the browser's key the payload is encrypted to. */
function isP256Point(b: Buffer): boolean {
  if (b[0] !== 4) return false;
  try {
    ECDH.convertKey(b, 'prime256v1');
    return true;
  } catch {
    return false;
  }
}

/** What `PushSubscription.toJSON()` gives, less its expiration time. */
export const subscribePushInput = z.object({
  endpoint: pushEndpoint,
  keys: z.object({
    p256dh: base64urlOf(65, 'p256dh (an uncompressed P-256 public key)', isP256Point),
    auth: base64urlOf(16, 'auth (the subscription’s auth secret)'),
  }),
});

/** One subscription, by its id (from the device list) or by its endpoint (the browser's own). */
export const unsubscribePushInput = z
  .object({ subscriptionId: uuidInput().optional(), endpoint: pushEndpoint.optional() })
  .refine((v) => (v.subscriptionId === undefined) !== (v.endpoint === undefined), {
    message: 'Name the subscription by subscriptionId or by endpoint (one of the two)',
    path: ['subscriptionId'],
  });

export const pushKeyOutput = z.object({ publicKey: z.string() });

export const pushDeviceOutput = z.object({
  id: z.uuid(),
  endpoint: z.string(),
  userAgent: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSentAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
});
export type PushDevice = z.infer<typeof pushDeviceOutput>;

/** What the push port takes: bounded so that the encrypted payload always fits one record. */
export const pushPayloadSchema = z
  .object({
    title: z.string().min(1).max(PUSH_LIMITS.titleMax),
    body: z.string().max(PUSH_LIMITS.bodyMax),
    // A place on this site: the service worker opens it on click.
    url: z
      .string()
      .max(PUSH_LIMITS.urlMax)
      .regex(/^\/(?![/\\])[^\s\\]*$/, 'A path on this site, like /w/acme/c/…'),
    tag: z.string().min(1).max(PUSH_LIMITS.tagMax),
  })
  .refine((p) => Buffer.byteLength(JSON.stringify(p)) <= PUSH_LIMITS.payloadBytesMax, 'Too long for a push');
