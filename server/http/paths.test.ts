import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/server';
import { appRouter } from '../trpc/root';
import { UNDECODABLE as BAD } from '../../test/http';

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
