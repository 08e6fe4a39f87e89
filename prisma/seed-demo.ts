import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { auth } from '../server/auth/auth';
import { db } from '../server/db';
import { mintWorkspaceId, withTenant } from '../server/db/tenant';
import { appendAudit } from '../server/domain/audit/append';
import type { Role } from '../server/domain/member/roles';
import { createWorkspace } from '../server/domain/workspace/service';
import { env } from '../server/env';
import { logger } from '../server/lib/logger';

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
export async function seedDemoIfEmpty(): Promise<boolean> {
  if ((await db().user.count()) > 0) return false;
  const ids: Record<string, string> = {};
  const lines: string[] = [];
  for (const p of people) {
    const email = `${p.key}@acme.test`.replace('dave@acme.test', 'dave@globex.test');
    const password = `${p.key}-${randomBytes(6).toString('base64url')}`;
    const r = await auth().api.signUpEmail({ body: { email, password, name: p.name } });
    ids[p.key] = r.user.id;
    await db().user.update({ where: { id: r.user.id }, data: { emailVerified: true } });
    lines.push(`  ${p.name.padEnd(13)} ${email.padEnd(18)} ${password}`);
  }
  const acme = await createWorkspace(ids.alice!, { name: 'Acme', slug: 'acme' }, seedMeta);
  await createWorkspace(ids.dave!, { name: 'Globex', slug: 'globex' }, seedMeta);
  const acmeId = mintWorkspaceId(acme.id);
  const add: [string, Role][] = [
    [ids.bob!, 'member'],
    [ids.carol!, 'guest'],
  ];
  await withTenant(db(), { workspaceId: acmeId, userId: ids.alice! }, async (tx) => {
    for (const [userId, role] of add) {
      await tx.member.create({ data: { workspaceId: acmeId, userId, role } });
      await appendAudit(tx, acmeId, {
        action: 'member.join',
        actor: { type: 'system', id: null },
        target: { type: 'user', id: userId },
        data: { role, via: 'demo seed' },
        meta: seedMeta,
      });
    }
  });
  const text = [
    'Enclave demo accounts (workspaces "Acme" and "Globex"):',
    '  name          email              password',
    ...lines,
    '  alice owns Acme; bob is a member; carol is a guest; dave owns Globex.',
  ].join('\n');
  const file = path.join(env().DATA_DIR, 'demo-credentials.txt');
  writeFileSync(file, `${text}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  logger.info(`\n${text}\n  (kept in ${file})`);
  return true;
}
