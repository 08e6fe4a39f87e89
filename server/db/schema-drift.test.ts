import { seedComments } from '../../test/file-comments';
import { seedNotificationPrefs } from '../../test/notification-prefs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCheckpoints } from '../domain/audit/service';
import { appSecrets } from '../lib/app-secrets';
import {
  join,
  message,
  person,
  supportConversation,
  WIDGET_HOST,
  widgetOn,
  widgetVisitor,
  workspaceWith,
} from '../../test/factories';
import { Prisma } from './generated/client';
import * as generatedEnums from './generated/enums';
import { testRuntime } from '../../test/runtime';
import { callerFor } from '../../test/actors';
import { seedPushSubscription } from '../../test/push-endpoint';
import { seedFiles, seedShare } from '../../test/files';
import { sweepWorkspace } from '../domain/compliance/sweep';
import { pruneAudit } from '../domain/compliance/audit-prune';

// prisma/schema.prisma is kept in step with the SQL migrations by hand (Prisma Migrate cannot run
// here). This file fails when the two drift apart, on the database the migrations just built.

interface RuntimeField {
  name: string;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  dbName?: string;
}
interface RuntimeModel {
  fields: RuntimeField[];
  dbName: string | null;
}
type Delegate = { findFirst(): Promise<Record<string, unknown> | null> };

const modelNames = Object.values(Prisma.ModelName);
// The generated client's own description of the schema (names, @map / @@map), as it queries with it.
const dataModel = () =>
  (testRuntime().db.admin as unknown as { _runtimeDataModel: { models: Record<string, RuntimeModel> } })
    ._runtimeDataModel.models;
const modelOf = (model: string) => {
  const m = dataModel()[model];
  if (!m) throw new Error(`model ${model} is missing from the generated client`);
  return m;
};
const tableOf = (model: string) => modelOf(model).dbName ?? model;
const scalars = (model: string) => modelOf(model).fields.filter((f) => f.kind !== 'object');
const delegate = (model: string) => {
  const d = (testRuntime().db.admin as unknown as Record<string, Delegate | undefined>)[
    model.charAt(0).toLowerCase() + model.slice(1)
  ];
  if (!d) throw new Error(`no client delegate for model ${model}`);
  return d;
};

/** Optional/list markers and native types, which the runtime data model leaves out: read from the schema. */
function schemaFields() {
  const text = readFileSync(path.resolve(import.meta.dirname, '../../prisma/schema.prisma'), 'utf8');
  const enums = new Map<string, string>();
  for (const [, name = '', body = ''] of text.matchAll(/^enum (\w+) \{([\s\S]*?)^\}/gm)) {
    enums.set(name, /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name);
  }
  const fields = new Map<string, Map<string, { optional: boolean; list: boolean; attrs: string }>>();
  for (const [, name = '', body = ''] of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const byName = new Map<string, { optional: boolean; list: boolean; attrs: string }>();
    for (const line of body.split('\n')) {
      const [, field, , marker, attrs = ''] = /^\s*(\w+)\s+(\w+)(\?|\[\])?(.*)$/.exec(line) ?? [];
      if (field) byName.set(field, { optional: marker === '?', list: marker === '[]', attrs });
    }
    fields.set(name, byName);
  }
  return { enums, fields };
}

/** The PostgreSQL type a Prisma scalar maps to in this project (see the @db attributes in the schema). */
function expectedType(field: RuntimeField, attrs: string, enums: Map<string, string>): string {
  if (field.kind === 'enum') return enums.get(field.type) ?? field.type;
  if (field.type === 'String') return /@db\.Uuid\b/.test(attrs) ? 'uuid' : 'text';
  if (field.type === 'Int' && /@db\.SmallInt\b/.test(attrs)) return 'int2';
  const map: Record<string, string> = {
    Boolean: 'bool',
    DateTime: 'timestamptz',
    Json: 'jsonb',
    BigInt: 'int8',
    Int: 'int4',
    Float: 'float8',
    Bytes: 'bytea',
  };
  return map[field.type] ?? `unmapped Prisma type ${field.type}`;
}

beforeAll(async () => {
  // At least one row in every table, written the way the app writes it, so that every column of
  // every model is also decoded, not just named.
  const ws = await workspaceWith({ member: ['Bob'] }, { name: 'Drift', owner: 'Alice' });
  const { general, api: a } = ws;
  await a.member.invite({ workspaceId: ws.id, role: 'member', email: 'x@example.test' });
  await a.apiKey.create({ workspaceId: ws.id, name: 'ci', scopes: ['audit:read'] });
  const root = await message(ws, general, { body: 'root @channel' });
  await a.message.edit({ workspaceId: ws.id, messageId: root.id, body: 'root, edited' });
  await a.reaction.toggle({ workspaceId: ws.id, messageId: root.id, emoji: '👍' });
  await a.message.pin({ workspaceId: ws.id, messageId: root.id, pinned: true });
  await message(ws, general, { body: 'a reply', parentId: root.id });
  // The default policy masks a card number: a policy_hit row.
  await message(ws, general, { body: 'card 4111 1111 1111 1111' });
  await a.workspace.rotateKey({ workspaceId: ws.id });
  const secret = await widgetOn(ws, { anonymous: true });
  // A signed visitor (its token is remembered as used) and an anonymous one, from the host page.
  await widgetVisitor(ws, { secret, claims: { sub: 'drift', name: 'Drift' }, from: WIDGET_HOST });
  const visitor = await widgetVisitor(ws, { from: WIDGET_HOST });
  // The support inbox: the visitor's conversation, a note and a canned reply.
  await supportConversation(ws, visitor, {
    messages: ['hello?'],
    note: 'drift note',
    canned: { title: 'Hi', body: 'Hi!' },
  });
  await ws.api.inbox.assign({
    workspaceId: ws.id,
    conversationId: (await ws.api.inbox.list({ workspaceId: ws.id })).at(0)!.conversationId,
    userId: ws.owner.userId,
  });
  // A lockdown, lifted (every column of its row written).
  await a.admin.startLockdown({ workspaceId: ws.id, mode: 'full', reason: 'drift drill', minutes: 5 });
  await a.admin.liftLockdown({ workspaceId: ws.id });
  // A quarantine, released.
  const [bob] = ws.member;
  // A report of Bob's message, decided with a warning (the review's every column, the report answered).
  const reported = await message(ws, general, { author: bob, body: 'drift report' });
  // An owner's correction of it: a message_edit row with its kind and reason, corrected_at set.
  await a.message.correct({
    workspaceId: ws.id,
    messageId: reported.id,
    body: 'drift report, corrected',
    reason: 'drift correction',
  });
  const { reviewId } = await a.moderation.report({
    workspaceId: ws.id,
    messageId: reported.id,
    reason: 'spam',
    note: 'drift',
  });
  await a.moderation.decide({ workspaceId: ws.id, reviewId, decision: 'warn', note: 'drift warning' });
  await a.admin.quarantine({ workspaceId: ws.id, userId: bob.userId, reason: 'drift drill', minutes: 5 });
  await a.admin.releaseQuarantine({ workspaceId: ws.id, userId: bob.userId });
  // Retention: the workspace's rule and a channel's, a released legal hold, a finished sweep.
  await a.compliance.setRetention({ workspaceId: ws.id, messageDays: 3650 });
  await a.compliance.setChannelRetention({
    workspaceId: ws.id,
    conversationId: general.id,
    messageDays: null,
  });
  const hold = await a.compliance.placeHold({
    workspaceId: ws.id,
    scope: 'person',
    userId: bob.userId,
    reason: 'drift',
  });
  await a.compliance.releaseHold({ workspaceId: ws.id, holdId: hold.id });
  await sweepWorkspace(testRuntime(), ws.id);
  // An export, built (every column of its row written).
  const exported = await a.compliance.createExport({
    workspaceId: ws.id,
    includeDeleted: true,
    formats: ['html'],
  });
  for (let i = 0; i < 200; i++) {
    const [e] = await a.compliance.exports({ workspaceId: ws.id });
    if (e?.id === exported.id && e.status === 'done') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // A person's access request, built.
  const [bobWs] = ws.member;
  const bobApi = await callerFor(bobWs);
  const access = await bobApi.privacy.requestAccess();
  for (let i = 0; i < 200; i++) {
    const [r] = await bobApi.privacy.accessRequests();
    if (r?.id === access.id && r.status === 'done') break;
    await new Promise((res) => setTimeout(res, 50));
  }
  // An erasure: a redaction of the person's audit entries, and its receipt.
  const leaving = await person('Leaving');
  await join(ws, leaving, 'member');
  await a.compliance.erase({ workspaceId: ws.id, userId: leaving.userId });
  // Files (after the erasure, which sweeps the blob queue): an image with its thumbnail, and a
  // deleted one whose blobs wait in the removal queue.
  await seedFiles(ws);
  // A share of a file with Bob (its file_shared notification names the file), an earlier one revoked.
  await seedShare(ws, bob.userId);
  // A comment thread on a file, with a reply, resolved.
  await seedComments(ws);
  // A browser subscribed to push (after the erasure).
  await seedPushSubscription(a, ws.id, 'drift');
  // Bob's notification preferences, #general muted for a day.
  await seedNotificationPrefs(bobApi, ws.id, general.id);
  await a.compliance.setAuditRetention({ workspaceId: ws.id, days: 365 });
  await pruneAudit(
    testRuntime(),
    ws.id,
    appSecrets().checkpointKey,
    new Date(Date.now() + 2 * 365 * 86_400_000),
  );
  await writeCheckpoints(testRuntime().db.admin, appSecrets().checkpointKey);
  // better-auth writes verification rows only for mail flows; one row is enough here.
  await testRuntime().db.admin.verification.create({
    data: { id: 'drift-check', identifier: 'drift', value: 'v', expiresAt: new Date() },
  });
});

describe('schema.prisma and the migrated database agree', () => {
  it('reads the same models from the generated client as Prisma.ModelName lists', () => {
    expect(Object.keys(dataModel()).sort()).toEqual([...modelNames].sort());
  });

  it.each(modelNames)('%s: findFirst selects every scalar field and decodes a row', async (model) => {
    const row = await delegate(model).findFirst();
    expect(row, `no ${model} row: add one to this file's beforeAll`).not.toBeNull();
    expect(Object.keys(row ?? {}).sort()).toEqual(
      scalars(model)
        .map((f) => f.name)
        .sort(),
    );
  });

  it('has exactly one table in schema public per model (besides schema_migrations)', async () => {
    const rows = await testRuntime().db.admin.$queryRaw<{ t: string }[]>`
      SELECT c.relname::text AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relname <> 'schema_migrations'`;
    expect(rows.map((r) => r.t).sort()).toEqual(modelNames.map(tableOf).sort());
  });

  it('has, for every model, exactly its fields as columns, with matching types and nullability', async () => {
    const { enums, fields } = schemaFields();
    const cols = await testRuntime().db.admin.$queryRaw<
      { table: string; column: string; type: string; elem: string | null; nullable: boolean }[]
    >`
      SELECT c.relname::text AS table, a.attname::text AS column, t.typname::text AS type,
             et.typname::text AS elem, NOT a.attnotnull AS nullable
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
      WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped`;
    for (const model of modelNames) {
      const table = tableOf(model);
      const actual = cols
        .filter((c) => c.table === table)
        .map((c) => `${c.column} ${c.elem ? `${c.elem}[]` : c.type}${c.nullable ? ' null' : ''}`)
        .sort();
      const expected = scalars(model)
        .map((f) => {
          const s = fields.get(model)?.get(f.name);
          if (!s) throw new Error(`field ${model}.${f.name} not found in schema.prisma`);
          const type = expectedType(f, s.attrs, enums);
          return `${f.dbName ?? f.name} ${type}${s.list ? '[]' : ''}${s.optional ? ' null' : ''}`;
        })
        .sort();
      expect(actual, `columns of ${table} (model ${model})`).toEqual(expected);
    }
  });

  it('defines every Prisma enum as a PostgreSQL enum with the same values in the same order', async () => {
    const { enums } = schemaFields();
    const rows = await testRuntime().db.admin.$queryRaw<{ name: string; labels: string[] }[]>`
      SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' GROUP BY t.typname`;
    const dbEnums = Object.fromEntries(rows.map((r) => [r.name, r.labels]));
    const prismaEnums = Object.fromEntries(
      [...enums].map(([name, dbName]) => [
        dbName,
        Object.values((generatedEnums as Record<string, Record<string, string>>)[name] ?? {}),
      ]),
    );
    expect(dbEnums).toEqual(prismaEnums);
  });
});
