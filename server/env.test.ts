import { spawnSync } from 'node:child_process';
import { createECDH } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

/** The lines of the EnvError that parsing `source` throws (fails the test when it does not throw). */
function errorLines(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (e) {
    if (e instanceof EnvError) return e.lines;
    throw e;
  }
  throw new Error('expected an invalid configuration');
}
const keyOf = (line: string) => line.trim().split(':')[0];

describe('configuration (server/env.ts)', () => {
  it('applies defaults to an empty source', () => {
    const e = parseEnv({});
    expect(e.PORT).toBe(3000);
    expect(e.NODE_ENV).toBe('development');
    expect(e.APP_URL).toBe('http://localhost:3000');
    expect(e.ALLOWED_ORIGINS).toEqual(['http://localhost:3000']);
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.TRUSTED_PROXIES).toEqual([]);
  });

  it('coerces and derives values from the source', () => {
    const e = parseEnv({
      PORT: '8080',
      SEED_DEMO: 'false',
      TRUSTED_PROXIES: ' 10.0.0.1, ,10.0.0.2 ',
      APP_URL: 'https://chat.example.com/base',
    });
    expect(e.PORT).toBe(8080);
    expect(e.SEED_DEMO).toBe(false);
    expect(e.TRUSTED_PROXIES).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(e.ALLOWED_ORIGINS).toEqual(['https://chat.example.com']);
  });

  it('gives one clear line per bad key, naming each key', () => {
    const lines = errorLines({
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      DATABASE_POOL_SIZE: '0',
      SMTP_URL: 'http://mail',
      AUDIT_CHECKPOINT_KEY: 'short',
      HOST: 'fine',
    });
    expect(lines.map(keyOf).sort()).toEqual(
      ['AUDIT_CHECKPOINT_KEY', 'DATABASE_POOL_SIZE', 'LOG_LEVEL', 'PORT', 'SMTP_URL'].sort(),
    );
    for (const l of lines) expect(l).not.toContain('\n');
    expect(lines.find((l) => keyOf(l) === 'AUDIT_CHECKPOINT_KEY')).toContain('at least 32 characters');
    expect(lines.find((l) => keyOf(l) === 'SMTP_URL')).toContain('smtp://');
  });

  it('refuses an out-of-range or fractional port', () => {
    expect(errorLines({ PORT: '70000' }).map(keyOf)).toEqual(['PORT']);
    expect(errorLines({ PORT: '80.5' }).map(keyOf)).toEqual(['PORT']);
  });

  it('refuses DATABASE_URL without DATABASE_ADMIN_URL, and the reverse', () => {
    const a = errorLines({ DATABASE_URL: 'postgresql://enclave_app:x@db/enclave' });
    expect(a).toHaveLength(1);
    expect(a[0]).toMatch(/DATABASE_ADMIN_URL: required when DATABASE_URL is set/);
    const b = errorLines({ DATABASE_ADMIN_URL: 'postgresql://enclave_owner:x@db/enclave' });
    expect(b.map(keyOf)).toEqual(['DATABASE_URL']);
    expect(errorLines({ DATABASE_URL: 'mysql://x', DATABASE_ADMIN_URL: 'postgres://y' })[0]).toMatch(
      /DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });

  it('takes a VAPID key pair only whole and matching, and a mailto: or https: subject', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const pair = {
      VAPID_PUBLIC_KEY: ecdh.getPublicKey().toString('base64url'),
      VAPID_PRIVATE_KEY: ecdh.getPrivateKey().toString('base64url').padStart(43, 'A'),
    };
    expect(parseEnv({ ...pair, VAPID_SUBJECT: 'mailto:ops@example.com' }).VAPID_PUBLIC_KEY).toBe(
      pair.VAPID_PUBLIC_KEY,
    );
    expect(errorLines({ VAPID_PUBLIC_KEY: pair.VAPID_PUBLIC_KEY })).toEqual([
      '  VAPID_PRIVATE_KEY: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together',
    ]);
    const other = createECDH('prime256v1');
    other.generateKeys();
    expect(errorLines({ ...pair, VAPID_PUBLIC_KEY: other.getPublicKey().toString('base64url') })).toEqual([
      '  VAPID_PUBLIC_KEY: is not the public key of VAPID_PRIVATE_KEY',
    ]);
    expect(errorLines({ ...pair, VAPID_PRIVATE_KEY: 'c2hvcnQ' }).map(keyOf)).toEqual(['VAPID_PRIVATE_KEY']);
    expect(errorLines({ VAPID_SUBJECT: 'http://example.com' }).map(keyOf)).toEqual(['VAPID_SUBJECT']);
    expect(parseEnv({}).PUSH_ALLOW_PRIVATE_ENDPOINTS).toBe(false);
  });

  it('treats empty strings as unset', () => {
    const e = parseEnv({ PORT: '', HOST: '', DATABASE_URL: '', DATABASE_ADMIN_URL: '', SMTP_URL: '' });
    expect(e.PORT).toBe(3000);
    expect(e.HOST).toBe('0.0.0.0');
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.SMTP_URL).toBeUndefined();
    // An empty DATABASE_URL is missing, not malformed.
    expect(errorLines({ DATABASE_URL: '', DATABASE_ADMIN_URL: 'postgres://owner@db/x' })).toEqual([
      '  DATABASE_URL: required when DATABASE_ADMIN_URL is set',
    ]);
  });

  it('keeps the audit checkpoint copy under DATA_DIR unless a directory or an http(s) URL is given', () => {
    expect(parseEnv({ DATA_DIR: '/srv/enclave' }).AUDIT_COPY_DIR).toBe('/srv/enclave/audit/checkpoints');
    expect(parseEnv({ AUDIT_COPY_DIR: '/mnt/shared/audit' }).AUDIT_COPY_DIR).toBe('/mnt/shared/audit');
    expect(parseEnv({ AUDIT_COPY_URL: 'https://u:p@audit.example/cp' }).AUDIT_COPY_URL).toBe(
      'https://u:p@audit.example/cp',
    );
    expect(errorLines({ AUDIT_COPY_URL: 'ftp://audit.example/cp' })).toEqual([
      '  AUDIT_COPY_URL: must be an http:// or https:// URL',
    ]);
    expect(errorLines({ AUDIT_COPY_DIR: '/a', AUDIT_COPY_URL: 'https://audit.example/cp' })).toEqual([
      '  AUDIT_COPY_URL: set AUDIT_COPY_DIR or AUDIT_COPY_URL, not both',
    ]);
  });

  it('stops start-up with exit code 1 and the bad keys on stderr', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', "import('./server/env.ts').then((m) => m.env())"],
      {
        cwd: root,
        // A clean environment: without NODE_ENV=test and VITEST, env() exits instead of throwing.
        env: {
          PATH: '/usr/local/bin:/usr/bin:/bin',
          NODE_ENV: 'development',
          PORT: 'abc',
          LOG_LEVEL: 'loud',
        },
        encoding: 'utf8',
        timeout: 15_000,
      },
    );
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    expect(lines.slice(1).map(keyOf).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });
});
