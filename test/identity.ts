import { signIdentity, type IdentityClaims } from '../server/domain/widget/token';

// Identity tokens as a widget host signs them (pure: no runtime, no database).

export const now = () => Math.floor(Date.now() / 1000);

let seq = 0;
/** Claims for a signed identity; each call's token is distinct (`jti`), as a host's would be. */
export const claims = (over: Partial<IdentityClaims> = {}): IdentityClaims => ({
  sub: 'cust-1',
  name: 'Carla Customer',
  email: 'carla@shop.example',
  exp: now() + 300,
  jti: `t-${++seq}`,
  ...over,
});

export const sign = (secret: string, over: Partial<IdentityClaims> = {}) =>
  signIdentity(secret, claims(over));
