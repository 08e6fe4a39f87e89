import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/server';
import { appRouter } from '../trpc/root';
import { decodablePath } from './page-path';

// Escapes that decodeURIComponent refuses: truncated, not hex, a lone `%`, invalid UTF-8,
// overlong UTF-8, and the UTF-8 form of lone surrogates (high, low).
const BAD = ['%', '%zz', '%E0%A4%A', '%FF', '%C0%AF', '%ED%A0%80', '%ED%B0%80', 'a%ED%A0%80b', '%uD800'];

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

describe('API paths that do not decode', () => {
  const app = useTestServer();

  it('answer a typed 400 on every route prefix and for every procedure, never a 500', async () => {
    const procedures = Object.keys(appRouter._def.procedures);
    type WithMeta = { _def: { meta?: { openapi?: { method: string; path: string } } } };
    const restPaths = Object.values(appRouter._def.procedures as unknown as Record<string, WithMeta>).flatMap(
      (p) => {
        const op = p._def.meta?.openapi;
        return op ? [{ method: op.method, path: op.path }] : [];
      },
    );
    expect(restPaths.length).toBe(procedures.length);
    const failures: string[] = [];
    const check = async (method: string, path: string) => {
      const r = await fetch(`${app.url}${path}`, {
        method,
        headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
      const body = (await r.json().catch(() => null)) as { data?: { appCode?: string } } | null;
      if (r.status !== 400 || body?.data?.appCode !== 'BAD_REQUEST')
        failures.push(`${r.status} ${method} ${path}`);
    };
    for (const bad of BAD) {
      for (const p of ['/api/health', '/api/ready', '/api/auth/get-session', '/api/v1/openapi.json'])
        await check('GET', `${p}${bad}`);
      for (const name of procedures) await check('GET', `/api/trpc/${name}${bad}?input=%7B%7D`);
      for (const { method, path } of restPaths) {
        // In place of every path parameter, and at the end (for paths without one).
        if (path.includes('{')) await check(method, `/api/v1${path.replace(/\{[^}]+\}/g, bad)}`);
        await check(method, `/api/v1${path}${bad}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
