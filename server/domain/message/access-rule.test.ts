import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { conversationRows } from '../../db/gate-rows';
import { mintWorkspaceId, withTenant } from '../../db/tenant';
import type { Actor } from '../actor';
import type { Role } from '../../../shared/roles';
import type { Scope } from '../scope';
import { testRuntime } from '../../../test/runtime';
import { asSuperuser } from '../../../test/db';
import { accessOf, readableIds } from './access';

// "Who may read this conversation" is written twice for speed: accessOf() over a conversation's
// access row (app_conversation_access, used by the gates, history and sockets) and readableIds()'s
// one query for search. On generated workspaces (roles, channel kinds, privacy, archived
// conversations, memberships) both must name exactly the same conversations for every person.

const roles: Role[] = ['owner', 'admin', 'moderator', 'member', 'guest'];
const kinds = ['public', 'private', 'dm', 'group', 'subject'] as const;

const workspaceShape = fc.record({
  people: fc.array(fc.constantFrom(...roles), { minLength: 1, maxLength: 5 }),
  conversations: fc.array(
    fc.record({
      kind: fc.constantFrom(...kinds),
      archived: fc.boolean(),
      // Which people are members, by index (wrapped to the number of people).
      members: fc.array(fc.nat({ max: 7 }), { maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
});
type Shape = typeof workspaceShape extends fc.Arbitrary<infer T> ? T : never;

/** Writes a generated workspace straight into the tables (as the superuser): the rule is read, not written. */
async function build(c: pg.Client, shape: Shape) {
  const workspaceId = randomUUID();
  await c.query('INSERT INTO workspace (id, slug, name) VALUES ($1, $2, $3)', [
    workspaceId,
    `rule-${workspaceId.slice(0, 8)}`,
    'Rule',
  ]);
  const people: { userId: string; role: Role }[] = [];
  for (const role of shape.people) {
    const userId = randomUUID();
    await c.query('INSERT INTO "user" (id, name, email) VALUES ($1, $2, $3)', [
      userId,
      role,
      `${userId}@rule.test`,
    ]);
    await c.query('INSERT INTO member (workspace_id, user_id, role) VALUES ($1, $2, $3)', [
      workspaceId,
      userId,
      role,
    ]);
    people.push({ userId, role });
  }
  for (const [i, conv] of shape.conversations.entries()) {
    const id = randomUUID();
    const kind = conv.kind === 'public' || conv.kind === 'private' ? 'channel' : conv.kind;
    await c.query(
      `INSERT INTO conversation (id, workspace_id, kind, name, is_private, archived_at, dm_key, subject_type, subject_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        workspaceId,
        kind,
        kind === 'channel' ? `c${i}` : null,
        conv.kind === 'private',
        conv.archived ? new Date() : null,
        kind === 'dm' || kind === 'group' ? `key-${id}` : null,
        kind === 'subject' ? 'invoice' : null,
        kind === 'subject' ? `${i}` : null,
      ],
    );
    for (const userId of new Set(conv.members.map((m) => people[m % people.length]!.userId))) {
      await c.query(
        'INSERT INTO conversation_member (workspace_id, conversation_id, user_id) VALUES ($1, $2, $3)',
        [workspaceId, id, userId],
      );
    }
  }
  return { workspaceId, people };
}

describe('the read rule, written twice', () => {
  it('names the same conversations in accessOf() and in readableIds(), for every person', async () => {
    const db = testRuntime().db.app;
    await asSuperuser(async (c) => {
      await fc.assert(
        fc.asyncProperty(workspaceShape, async (shape) => {
          const { workspaceId, people } = await build(c, shape);
          const ws = mintWorkspaceId(workspaceId);
          for (const { userId, role } of people) {
            const actor: Actor = {
              kind: 'user',
              userId,
              sessionId: 's',
              email: 'e',
              name: 'n',
              createdAt: new Date(),
            };
            const scope: Scope = {
              workspaceId: ws,
              role,
              actor,
              userId,
              auditActor: { type: 'user', id: userId },
            };
            const [listed, ruled] = await withTenant(db, { workspaceId: ws, userId }, async (tx) => {
              const rows = conversationRows.parse(
                await tx.$queryRaw`
                  SELECT a.* FROM conversation c,
                    LATERAL app_conversation_access(${ws}::uuid, c.id, ${userId}) a
                  WHERE c.workspace_id = ${ws}::uuid`,
              );
              return [
                new Set(await readableIds(tx, scope)),
                new Set(rows.filter((r) => accessOf(r, role) !== null).map((r) => r.id)),
              ];
            });
            expect(listed, `${role} in ${JSON.stringify(shape)}`).toEqual(ruled);
          }
        }),
        { numRuns: 60, seed: 20261202 },
      );
    });
  });
});
