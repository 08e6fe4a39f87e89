import {
  createECDH,
  createPublicKey,
  hkdfSync,
  createDecipheriv,
  randomBytes,
  verify,
  type ECDH,
} from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

// A push service on loopback, over HTTPS with a self-signed certificate, that does what a real one
// does with a push before delivering it: checks the VAPID authorization (RFC 8292) against the
// application server's public key and the endpoint's origin, and then, standing in for the
// browser that owns the subscription, decrypts the aes128gcm body (RFC 8291 with RFC 8188).

/** A browser's side of a subscription: its key pair and auth secret. */
export interface TestDevice {
  name: string;
  endpoint: string;
  /** As `PushSubscription.toJSON().keys` gives them (base64url). */
  keys: { p256dh: string; auth: string };
  ecdh: ECDH;
  authSecret: Buffer;
}

/** One request the endpoint received, checked and decrypted (or why not). */
export interface ReceivedPush {
  device: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The encrypted body as it arrived. */
  body: Buffer;
  /** The VAPID JWT's claims, when its signature verified. */
  claims?: { aud: string; exp: number; sub: string };
  /** The decrypted payload, as text. */
  plaintext?: string;
  error?: string;
}

const b64url = (b: Buffer) => b.toString('base64url');

/** A browser's new subscription keys: a P-256 key pair (ECDH) and a 16-byte auth secret. */
export function newDeviceKeys(): Pick<TestDevice, 'keys' | 'ecdh' | 'authSecret'> {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return { ecdh, authSecret, keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(authSecret) } };
}

/**
 * Verifies `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292): k is the expected key, the
 * JWT is ES256-signed by it, names this origin as its audience and has not expired (nor lives
 * more than a day). Returns the claims; throws saying what is wrong.
 */
export function verifyVapid(header: string | undefined, vapidPublicKey: string, origin: string) {
  const m = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$/.exec(
    header ?? '',
  );
  if (!m) throw new Error(`not a VAPID authorization: ${header}`);
  const [, jwt = '', k = ''] = m;
  if (k !== vapidPublicKey) throw new Error('k is not the application server key');
  const [h = '', p = '', s = ''] = jwt.split('.');
  const head = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string; typ?: string };
  if (head.alg !== 'ES256') throw new Error(`alg ${head.alg}`);
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!signed) throw new Error('the JWT signature does not verify');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (claims.aud !== origin) throw new Error(`aud ${claims.aud}, expected ${origin}`);
  const now = Date.now() / 1000;
  if (!(claims.exp > now && claims.exp <= now + 86_400 + 60)) throw new Error(`exp ${claims.exp}`);
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error(`sub ${claims.sub}`);
  return claims;
}

const info = (s: string) => Buffer.from(`Content-Encoding: ${s}\0`);

/** Decrypts an aes128gcm push body for the device (RFC 8291 §3.4, RFC 8188 §2). */
export function decryptPush(body: Buffer, device: Pick<TestDevice, 'ecdh' | 'authSecret'>): string {
  if (body.length < 21) throw new Error('no aes128gcm header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const serverKey = body.subarray(21, 21 + idlen);
  if (idlen !== 65 || serverKey[0] !== 4) throw new Error('the key id is not an uncompressed P-256 key');
  if (rs < 18) throw new Error(`record size ${rs}`);
  const ecdhSecret = device.ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), device.ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, device.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, info('aes128gcm'), 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', ikm, salt, info('nonce'), 12));
  const records = body.subarray(21 + idlen);
  const out: Buffer[] = [];
  for (let i = 0, at = 0; at < records.length; i++, at += rs) {
    const record = records.subarray(at, at + rs);
    const nonce = Buffer.from(baseNonce);
    // The record's number XORed into the nonce's low end (fewer than 2^32 records here).
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ i) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    // Data, then the delimiter (2 in the last record, 1 before), then zero padding.
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    const last = at + rs >= records.length;
    if (plain[end] !== (last ? 2 : 1)) throw new Error(`record ${i}: bad padding delimiter`);
    out.push(plain.subarray(0, end));
  }
  return Buffer.concat(out).toString('utf8');
}

export interface PushEndpoint {
  origin: string;
  /** The self-signed certificate, for the sender to trust (and nothing else). */
  ca: string;
  received: ReceivedPush[];
  /** A new subscription's browser side, with its endpoint here. */
  device(name: string): TestDevice;
  /** What the endpoint answers for this device from now on (default 201; 410: gone). */
  respond(name: string, status: number): void;
  close(): Promise<void>;
}

/** Starts the endpoint on 127.0.0.1; pushes are checked against this VAPID public key. */
export async function startPushEndpoint(vapidPublicKey: string): Promise<PushEndpoint> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const devices = new Map<string, TestDevice>();
  const answers = new Map<string, number>();
  const received: ReceivedPush[] = [];
  let origin = '';
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = decodeURIComponent((req.url ?? '').replace(/^\/push\//, ''));
      const device = devices.get(name);
      const body = Buffer.concat(chunks);
      const got: ReceivedPush = { device: name, status: 201, headers: req.headers, body };
      try {
        if (!device || req.method !== 'POST') throw new Error(`no subscription ${req.method} ${req.url}`);
        got.claims = verifyVapid(req.headers.authorization, vapidPublicKey, origin);
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
        if (!req.headers.ttl) throw new Error('no TTL');
        got.plaintext = decryptPush(body, device);
        got.status = answers.get(name) ?? 201;
      } catch (e) {
        got.error = (e as Error).message;
        got.status = device ? 400 : 404;
      }
      received.push(got);
      res.writeHead(got.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    ca: pems.cert,
    received,
    device(name) {
      const d = { name, endpoint: `${origin}/push/${encodeURIComponent(name)}`, ...newDeviceKeys() };
      devices.set(name, d);
      return d;
    },
    respond: (name, status) => void answers.set(name, status),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A push subscription of the caller's in a workspace, with a real browser's keys (for seeds). */
export function seedPushSubscription(
  api: {
    notification: {
      subscribePush(input: {
        workspaceId: string;
        endpoint: string;
        keys: TestDevice['keys'];
      }): Promise<{ id: string }>;
    };
  },
  workspaceId: string,
  name = 'seed',
) {
  return api.notification.subscribePush({
    workspaceId,
    endpoint: `https://push.example.test/${name}-${randomBytes(6).toString('hex')}`,
    keys: newDeviceKeys().keys,
  });
}
