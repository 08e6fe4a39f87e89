import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startApp } from '../server/app';
import { frameAncestors } from '../server/domain/widget/frame';
import { env, setEnvForProcess } from '../server/env';
import { callerFor } from '../test/actors';
import { demoFollowsAppUrl } from './demo-origin';
import { seedDemoIfEmpty } from './seed-demo';
import { testRuntime } from '../test/runtime';

// The demo's widget page (/widget-demo.html) is served from the app's own origin, which moves with
// PORT or APP_URL between starts. Seeded on http://localhost:3999 (this file's APP_URL).
describe("the demo widget's allowed origin", () => {
  it('follows APP_URL at every start, keeping the origins an admin added', async () => {
    const accounts = await seedDemoIfEmpty(testRuntime());
    const alice = accounts!.find((a) => a.key === 'alice')!;
    const { token } = await testRuntime().auth.api.signInEmail({
      body: { email: alice.email, password: alice.password },
    });
    const owner = await callerFor({ token });
    const acme = (await owner.workspace.listMine())[0]!;
    const anon = await callerFor(null);
    const allowed = async () => (await anon.widget.config({ workspace: 'acme' })).allowedOrigins;
    await owner.widget.update({
      workspaceId: acme.id,
      allowedOrigins: ['http://localhost:3999', 'https://portal.example.com'],
    });

    // Started again on another port: the demo's own origin moves, the admin's stays.
    setEnvForProcess({ APP_URL: 'http://localhost:4001' });
    const app = await startApp({ port: 0, seed: true, runtime: testRuntime(), jobs: false });
    await app.shutdown();
    expect(await allowed()).toEqual(['http://localhost:4001', 'https://portal.example.com']);
    expect(await frameAncestors(testRuntime(), 'acme')).toEqual([
      'http://localhost:4001',
      'https://portal.example.com',
    ]);
    const credentials = readFileSync(path.join(env().DATA_DIR, 'demo-credentials.txt'), 'utf8');
    expect(credentials).toContain('http://localhost:4001/widget-demo.html');
    // The invoice conversations' link to the sample page moved with it.
    expect((await owner.workspace.get({ workspaceId: acme.id })).settings.recordLinks).toEqual({
      invoice: 'http://localhost:4001/widget-demo.html?invoice={id}',
    });
    expect(credentials).not.toContain('http://localhost:3999');
    // The same start again changes nothing.
    expect(await demoFollowsAppUrl(testRuntime())).toBe(false);

    // Seeded before the record existed: the credentials file says where the demo was.
    rmSync(path.join(env().DATA_DIR, 'demo.json'));
    setEnvForProcess({ APP_URL: 'http://127.0.0.1:4002' });
    expect(await demoFollowsAppUrl(testRuntime())).toBe(true);
    expect(await allowed()).toEqual(['http://127.0.0.1:4002', 'https://portal.example.com']);

    // An admin who removed the demo's origin does not get it back.
    await owner.widget.update({ workspaceId: acme.id, allowedOrigins: ['https://portal.example.com'] });
    setEnvForProcess({ APP_URL: 'http://localhost:4003' });
    expect(await demoFollowsAppUrl(testRuntime())).toBe(false);
    expect(await allowed()).toEqual(['https://portal.example.com']);
  });
});
