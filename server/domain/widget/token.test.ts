import { describe, expect, it } from 'vitest';
import { claims, now } from '../../../test/identity';
import { signIdentity, verifyIdentity } from './token';

describe('identity tokens', () => {
  const secret = 'wsk_test-secret';
  it('accepts a token signed with the secret and refuses forged, tampered, expired or long-lived ones', () => {
    const good = signIdentity(secret, claims());
    expect(verifyIdentity(secret, good, now())).toMatchObject({ sub: 'cust-1', name: 'Carla Customer' });
    expect(() => verifyIdentity('wsk_other', good, now())).toThrow(/signature/);
    const [payload, sig] = good.split('.') as [string, string];
    const tampered = Buffer.from(JSON.stringify({ ...claims(), sub: 'admin' })).toString('base64url');
    expect(() => verifyIdentity(secret, `${tampered}.${sig}`, now())).toThrow(/signature/);
    expect(() => verifyIdentity(secret, `${payload}.`, now())).toThrow(/malformed/);
    expect(() => verifyIdentity(secret, signIdentity(secret, claims({ exp: now() - 1 })), now())).toThrow(
      /expired/,
    );
    expect(() => verifyIdentity(secret, signIdentity(secret, claims({ exp: now() + 7200 })), now())).toThrow(
      /within 3600/,
    );
    const noName = Buffer.from(JSON.stringify({ sub: 'x', exp: now() + 60 })).toString('base64url');
    expect(() =>
      verifyIdentity(secret, `${noName}.${signIdentity(secret, claims()).split('.')[1] ?? ''}`, now()),
    ).toThrow();
  });
});
