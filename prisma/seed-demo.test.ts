import { describe, expect, it } from 'vitest';
import { callerFor } from '../test/actors';
import { seedDemoIfEmpty } from './seed-demo';
import { testRuntime } from '../test/runtime';

describe('demo seed', () => {
  it('creates Acme (alice owner, bob member, carol guest) and Globex (dave owner) once, with working passwords', async () => {
    const accounts = await seedDemoIfEmpty(testRuntime());
    expect(accounts?.map((a) => a.key)).toEqual(['alice', 'bob', 'carol', 'dave']);
    const tokens: Record<string, string> = {};
    for (const a of accounts ?? []) {
      const r = await testRuntime().auth.api.signInEmail({ body: { email: a.email, password: a.password } });
      tokens[a.key] = r.token;
    }
    const roleIn = async (key: string) =>
      (await (await callerFor({ token: tokens[key]! })).workspace.listMine()).map(
        (w) => `${w.name}:${w.role}`,
      );
    expect(await roleIn('alice')).toEqual(['Acme:owner']);
    expect(await roleIn('bob')).toEqual(['Acme:member']);
    expect(await roleIn('carol')).toEqual(['Acme:guest']);
    expect(await roleIn('dave')).toEqual(['Globex:owner']);
    // #general has a short conversation; alice's unread count shows bob's message mentioning her.
    const alice = await callerFor({ token: tokens.alice! });
    const acme = (await alice.workspace.listMine())[0]!;
    const [general] = await alice.channel.list({ workspaceId: acme.id });
    expect(general).toMatchObject({ name: 'general', unread: 1, mentions: 1 });
    const page = await alice.message.history({ workspaceId: acme.id, conversationId: general!.id });
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(page.messages[0]?.body).toContain('Welcome to **Acme**');
    // Acme's widget is on for the app's own origin (the demo host page), with anonymous visitors.
    const anon = await callerFor(null);
    expect(await anon.widget.config({ workspace: 'acme' })).toMatchObject({
      anonymous: true,
      allowedOrigins: ['http://localhost:3999'],
    });
    // Invoice conversations link to the invoice on the sample host page.
    expect((await alice.workspace.get({ workspaceId: acme.id })).settings.recordLinks).toEqual({
      invoice: 'http://localhost:3999/widget-demo.html?invoice={id}',
    });
    // The support inbox tells a story: one visitor waiting (about invoice 42), one conversation
    // assigned to bob and answered, one closed; a note and canned replies.
    expect(await alice.inbox.counts({ workspaceId: acme.id })).toMatchObject({
      all: 2,
      unassigned: 1,
      closed: 1,
      waiting: 1,
    });
    const [waiting, answered] = await alice.inbox.list({ workspaceId: acme.id, filter: 'all' });
    expect(waiting).toMatchObject({
      visitor: { name: 'Maya Patel' },
      subject: { type: 'invoice', id: '42' },
    });
    expect(waiting?.waitingSince).not.toBeNull();
    expect(answered).toMatchObject({
      visitor: { name: 'Leo Park' },
      assignee: { name: 'Bob Baker' },
      waitingSince: null,
    });
    const notes = await alice.inbox.notes({ workspaceId: acme.id, conversationId: answered!.conversationId });
    expect(notes[0]?.body).toContain('trial plan');
    expect((await alice.inbox.cannedReplies({ workspaceId: acme.id })).length).toBeGreaterThanOrEqual(3);
    // A second start seeds nothing.
    expect(await seedDemoIfEmpty(testRuntime())).toBeNull();
  });
});
