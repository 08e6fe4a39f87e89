import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptField, encryptField, type Binding } from './aead';
import { Keyring, MemoryKeyStore } from './keyring';
import { indexTokens, queryTokens, searchKey, words } from './search-tokens';

const where: Binding = { workspaceId: 'ws-a', table: 'message', rowId: 'm-1', column: 'body' };

describe('field encryption', () => {
  const key = randomBytes(32);

  it('round-trips any text, NUL, emoji and right-to-left included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(decryptField(key, where, encryptField(key, 1, where, s))).toBe(s);
      }),
    );
    const odd = 'a\u0000b 😀 \u202eטקסט';
    expect(decryptField(key, where, encryptField(key, 1, where, odd))).toBe(odd);
  });

  it('refuses a ciphertext moved to another workspace, table, row or column, or under another key', () => {
    const blob = encryptField(key, 1, where, 'the plan');
    const moved: Binding[] = [
      { ...where, workspaceId: 'ws-b' },
      { ...where, table: 'message_revision' },
      { ...where, rowId: 'm-2' },
      { ...where, column: 'title' },
    ];
    for (const b of moved)
      expect(() => decryptField(key, b, blob), JSON.stringify(b)).toThrow('could not be decrypted');
    expect(() => decryptField(randomBytes(32), where, blob)).toThrow('could not be decrypted');
  });

  it('detects tampering with the key version, nonce, tag or body', () => {
    const blob = encryptField(key, 1, where, 'the plan');
    for (const at of [1, 4, 5, 16, 17, 32, blob.length - 1]) {
      const bad = Buffer.from(blob);
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      expect(() => decryptField(key, where, bad), `byte ${at}`).toThrow('could not be decrypted');
    }
    expect(() => decryptField(key, where, blob.subarray(0, 20))).toThrow('could not be decrypted');
  });

  it('never repeats a nonce and never shows the plaintext', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 10_000; i++)
      nonces.add(encryptField(key, 1, where, 'x').subarray(5, 17).toString('hex'));
    expect(nonces.size).toBe(10_000);
    const canary = 'CANARY-7f3a9c-the-plan';
    const blob = encryptField(key, 1, where, canary);
    expect(blob.toString('latin1')).not.toContain('CANARY');
    expect(blob.toString('hex')).not.toContain(Buffer.from(canary).toString('hex'));
  });
});

describe('keyring', () => {
  it('wraps per-workspace keys with the master key; old versions decrypt after a rotation', async () => {
    const master = randomBytes(32);
    const store = new MemoryKeyStore();
    const ring = new Keyring(master, store);
    const old = await ring.encrypt(null, where, 'before rotation');
    expect((await ring.current(null, 'ws-a')).version).toBe(1);
    expect(await ring.rotate(null, 'ws-a')).toBe(2);
    const fresh = await ring.encrypt(null, where, 'after rotation');
    expect(fresh.readUInt32BE(1)).toBe(2);
    expect(await ring.decrypt(null, where, old)).toBe('before rotation');
    expect(await ring.decrypt(null, where, fresh)).toBe('after rotation');

    // Another workspace has its own key: the same text under the same binding shape stays apart.
    const other = { ...where, workspaceId: 'ws-b' };
    await expect(ring.decrypt(null, other, old)).rejects.toThrow();
    // Stored keys are wrapped: the raw key bytes are not in the store, and a wrong master fails.
    const stored = await store.list(null, 'ws-a');
    const raw = await ring.key(null, 'ws-a', 1);
    expect(stored.every((k) => !k.wrapped.includes(raw))).toBe(true);
    await expect(new Keyring(randomBytes(32), store).decrypt(null, where, old)).rejects.toThrow('unwrapped');
  });

  it('counts encryptions per key and asks for rotation at the limit', async () => {
    const ring = new Keyring(randomBytes(32), new MemoryKeyStore(), 3n);
    await ring.encrypt(null, where, '1');
    await ring.encrypt(null, where, '2');
    expect(await ring.needsRotation(null, 'ws-a')).toBe(false);
    await ring.encrypt(null, where, '3');
    expect(await ring.needsRotation(null, 'ws-a')).toBe(true);
    await ring.rotate(null, 'ws-a');
    expect(await ring.needsRotation(null, 'ws-a')).toBe(false);
  });
});

describe('blind index tokens', () => {
  const dataKey = randomBytes(32);
  const key = searchKey(dataKey, 'ws-a');

  it('folds case, accents and compatibility forms, in any script', () => {
    expect(words('Café CAFE café ｃａｆｅ')).toEqual(['cafe', 'cafe', 'cafe', 'cafe']);
    expect(words('Über-Größe, naïve; Δέλτα 42')).toEqual(['uber', 'große', 'naive', 'δελτα', '42']);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,12}$/), (w) => {
        expect(indexTokens(key, w.toUpperCase())).toEqual(indexTokens(key, w));
      }),
    );
  });

  it('finds words by their prefixes of three or more characters, and only those', () => {
    const stored = new Set(indexTokens(key, 'Welcome to Enclave, the encrypted messenger'));
    const matches = (q: string) => queryTokens(key, q).every((t) => stored.has(t));
    expect(matches('enclave')).toBe(true);
    expect(matches('enc')).toBe(true);
    expect(matches('ENCRYPT')).toBe(true);
    expect(matches('messenger welcome')).toBe(true);
    expect(matches('en')).toBe(false);
    expect(matches('enclaves')).toBe(false);
    expect(matches('welcome stranger')).toBe(false);
  });

  it('gives each workspace its own tokens and never the word itself', () => {
    const otherKey = searchKey(dataKey, 'ws-b');
    expect(indexTokens(key, 'invoice')).not.toEqual(indexTokens(otherKey, 'invoice'));
    // Tokens are cached per key object: a copy of the same key bytes must give the same tokens,
    // and what the cache returns must be what a fresh HMAC gives (queryTokens does not cache).
    expect(indexTokens(Buffer.from(otherKey), 'invoice')).toEqual(indexTokens(otherKey, 'invoice'));
    expect(indexTokens(otherKey, 'invoice')).toContain(queryTokens(otherKey, 'invoice')[0]);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,12}$/), fc.stringMatching(/^[a-z]{3,12}$/), (a, b) => {
        fc.pre(a !== b);
        expect(queryTokens(key, a)).not.toEqual(queryTokens(key, b));
      }),
    );
    expect(indexTokens(key, 'secretword').join(' ')).not.toContain('secret');
  });

  it('bounds the work for hostile input', () => {
    expect(indexTokens(key, 'x'.repeat(100_000)).length).toBeLessThanOrEqual(30);
    const many = Array.from({ length: 5000 }, (_, i) => `word${i}zz`).join(' ');
    expect(indexTokens(key, many).length).toBeLessThanOrEqual(2000);
  });
});
