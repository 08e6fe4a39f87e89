import { createECDH, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// The application server's VAPID key pair (RFC 8292): browsers subscribe with its public key, and
// every push request carries a JWT signed with its private key. Configured, or generated once into
// the data directory (file mode 0600) and kept: a new pair would orphan every subscription.

export interface VapidKeys {
  /** The P-256 public key, uncompressed (65 bytes), base64url: `applicationServerKey` in browsers. */
  publicKey: string;
  /** The P-256 private key (32 bytes), base64url. */
  privateKey: string;
  /** A mailto: or https: address the push service may contact about this sender. */
  subject: string;
}

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const stored = z.object({
  publicKey: b64url.refine((k) => Buffer.from(k, 'base64url').length === 65),
  privateKey: b64url.refine((k) => Buffer.from(k, 'base64url').length === 32),
});
type StoredKeys = z.infer<typeof stored>;

/** A fresh pair. Node drops leading zero bytes of the private key: it is padded back to 32. */
export function generateVapidKeys(): StoredKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const priv = ecdh.getPrivateKey();
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: Buffer.concat([Buffer.alloc(32 - priv.length), priv]).toString('base64url'),
  };
}

/** The public key that belongs to a private one (both base64url). */
export function publicKeyOf(privateKey: string): string {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
  return ecdh.getPublicKey().toString('base64url');
}

function readStored(file: string): StoredKeys {
  const parsed = stored.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success || publicKeyOf(parsed.data.privateKey) !== parsed.data.publicKey)
    throw new Error(
      `${file} is damaged; restore it, or remove it to make a new pair (existing subscriptions stop working)`,
    );
  return parsed.data;
}

/**
 * The key pair in `dataDir/vapid.json`, made on first call. Several processes sharing the folder
 * may start at once: the file is created exclusively, and whoever loses the race reads the winner's.
 */
export function loadOrCreateVapidKeys(dataDir: string): StoredKeys {
  const file = path.join(dataDir, 'vapid.json');
  try {
    return readStored(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const keys = generateVapidKeys();
  // Written whole under a name of its own, then linked into place: link() fails if the file exists,
  // so nobody ever reads a half-written pair or replaces another process's.
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, JSON.stringify(keys, null, 2), { mode: 0o600, flag: 'wx' });
  chmodSync(draft, 0o600);
  try {
    linkSync(draft, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readStored(file);
    throw e;
  } finally {
    unlinkSync(draft);
  }
  return keys;
}

/** The address inside `Name <address>` (or the bare address), as a VAPID mailto: subject. */
export function subjectFromMailFrom(mailFrom: string): string {
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return `mailto:${address}`;
}
