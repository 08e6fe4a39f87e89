import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { mintWorkspaceId, withTenant } from '../server/db/tenant';
import { appendAudit } from '../server/domain/audit/append';
import { joinDefaultChannel } from '../server/domain/channel/service';
import type { Role } from '../shared/roles';
import { sendBatch } from '../server/domain/send/send';
import { createWorkspace } from '../server/domain/workspace/service';
import { parseSettings } from '../server/domain/workspace/settings';
import { env } from '../server/env';
import type { Runtime } from '../server/runtime';
import { logger } from '../server/lib/logger';
import { credentialsFile, demoInvoiceLink, demoPageLine, recordDemoOrigin } from './demo-origin';
import { seedInbox } from './seed-inbox';

const people = [
  { key: 'alice', name: 'Alice Archer' },
  { key: 'bob', name: 'Bob Baker' },
  { key: 'carol', name: 'Carol Chen' },
  { key: 'dave', name: 'Dave Dunn' },
] as const;

const seedMeta = { requestId: 'seed', ip: '127.0.0.1', userAgent: 'enclave-seed' };

/**
 * First start only (no user exists yet): the demo workspaces "Acme" (alice owner, bob member,
 * carol guest) and "Globex" (dave owner). Passwords are random, printed once and kept in
 * DATA_DIR/demo-credentials.txt (mode 0600) so a public demo never ships a known password.
 */
export interface DemoAccount {
  key: (typeof people)[number]['key'];
  email: string;
  password: string;
}

/** Returns the accounts it created, or null when the database already had users. */
export async function seedDemoIfEmpty(rt: Runtime): Promise<DemoAccount[] | null> {
  if ((await rt.db.app.user.count()) > 0) return null;
  const accounts: DemoAccount[] = [];
  const ids: Record<string, string> = {};
  const lines: string[] = [];
  // Accounts are made through better-auth's own adapter (hashing included) rather than its sign-up
  // endpoint, so seeding sends no verification mails; the demo addresses count as verified.
  const ctx = await rt.auth.$context;
  for (const p of people) {
    const email = p.key === 'dave' ? 'dave@globex.test' : `${p.key}@acme.test`;
    const password = `${p.key}-${randomBytes(6).toString('base64url')}`;
    const user = await ctx.internalAdapter.createUser(
      { email, name: p.name, emailVerified: true },
      { method: 'admin' },
    );
    await ctx.internalAdapter.linkAccount({
      userId: user.id,
      providerId: 'credential',
      accountId: user.id,
      password: await ctx.password.hash(password),
    });
    ids[p.key] = user.id;
    accounts.push({ key: p.key, email, password });
    lines.push(`  ${p.name.padEnd(13)} ${email.padEnd(18)} ${password}`);
  }
  const acme = await createWorkspace(rt, ids.alice!, { name: 'Acme', slug: 'acme' }, seedMeta);
  await createWorkspace(rt, ids.dave!, { name: 'Globex', slug: 'globex' }, seedMeta);
  const acmeId = mintWorkspaceId(acme.id);
  const add: [string, Role][] = [
    [ids.bob!, 'member'],
    [ids.carol!, 'guest'],
  ];
  await withTenant(rt.db.app, { workspaceId: acmeId, userId: ids.alice! }, async (tx) => {
    for (const [userId, role] of add) {
      await tx.member.create({ data: { workspaceId: acmeId, userId, role } });
      if (role !== 'guest') await joinDefaultChannel(tx, acmeId, userId);
      await appendAudit(tx, acmeId, {
        action: 'member.join',
        actor: { type: 'system', id: null },
        target: { type: 'user', id: userId },
        data: { role, via: 'demo seed' },
        meta: seedMeta,
      });
    }
    // The widget, on for this app's own origin with anonymous visitors, so /widget-demo.html works.
    const current = await tx.workspace.findUniqueOrThrow({
      where: { id: acmeId },
      select: { settings: true },
    });
    const settings = parseSettings(current.settings);
    await tx.workspace.update({
      where: { id: acmeId },
      data: {
        settings: {
          ...settings,
          widget: {
            ...settings.widget,
            enabled: true,
            allowedOrigins: [new URL(env().APP_URL).origin],
            anonymous: true,
            appearance: {
              ...settings.widget.appearance,
              title: 'Acme support',
              greeting: 'Ask us anything.',
            },
          },
          // The invoice conversation's header links to the sample host page, as a real app's would.
          recordLinks: { invoice: demoInvoiceLink(env().APP_URL) },
          // Join and leave lines in channels, so trying channels shows them.
          membershipMessages: true,
        },
      },
    });
    // A short conversation in #general, stored like any other (encrypted, searchable).
    const general = await tx.conversation.findFirstOrThrow({
      where: { workspaceId: acmeId, isDefault: true },
    });
    const lines: [string, string][] = [
      [ids.alice!, 'Welcome to **Acme** on Enclave! Messages here are encrypted at rest.'],
      [ids.bob!, `Thanks <@${ids.alice!}>: is the Q3 invoice review still on for Thursday?`],
      [ids.alice!, 'Yes, 10:00. I will pin the agenda.'],
    ];
    for (const [i, [userId, body]] of lines.entries()) {
      const { results } = await sendBatch(rt, tx, (fn) => fn(tx), acmeId, [
        {
          userId,
          conversationId: general.id,
          clientMsgId: `demo-seed-${i}`,
          body,
        },
      ]);
      if (!results[0]?.ok) throw new Error('demo message not stored');
    }
    await seedInbox(rt, tx, acmeId, ids);
  });
  const text = [
    'Enclave demo accounts (workspaces "Acme" and "Globex"):',
    '  name          email              password',
    ...lines,
    '  alice owns Acme; bob is a member; carol is a guest; dave owns Globex.',
    demoPageLine(env().APP_URL),
  ].join('\n');
  const file = credentialsFile();
  writeFileSync(file, `${text}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  recordDemoOrigin(new URL(env().APP_URL).origin);
  // Printed plainly (not as a JSON log line): this is for the person who just ran `npm start`.
  process.stdout.write(`\n${text}\n  (also kept in ${file})\n\n`);
  logger.info({ file }, 'demo workspaces seeded');
  return accounts;
}
