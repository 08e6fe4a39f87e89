import { describe, expect, it } from 'vitest';
import { UNDECODABLE as BAD } from '../../test/http';
import { decodablePath } from './page-path';

describe('decodablePath', () => {
  it.each(BAD)('refuses a path with %j', (bad) => {
    expect(decodablePath(`/w/${bad}`)).toBe(false);
    expect(decodablePath(`/w/acme/c/${bad}?x=1`)).toBe(false);
  });

  it('accepts well-formed escapes, and looks at the path only', () => {
    expect(decodablePath('/w/caf%C3%A9/c/%F0%9F%91%8D')).toBe(true);
    expect(decodablePath('/w/%2F%25')).toBe(true);
    expect(decodablePath('/sign-in?next=%zz')).toBe(true);
    expect(decodablePath(undefined)).toBe(true);
  });
});
