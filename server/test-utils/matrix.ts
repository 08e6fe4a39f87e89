import pg from 'pg';
import type { ApiKeyScope } from '../domain/api-key/scopes';
import type { Role } from '../../shared/roles';
import { signIdentity } from '../domain/widget/token';
import { callerFor, callerWith, signUp, type TestUser } from './actors';
import { superUrlForThisFile } from './setup-db';

/**
 * The cross-workspace fixture: workspace A with one user per role plus a removed member, workspace B
 * with its owner, API keys of both, and one object of each kind in A for procedures that name one.
 */
export interface Fixture {
  a: { id: string; name: string; slug: string };
  b: { id: string };
  ownerA: TestUser;
  adminA: TestUser;
  moderatorA: TestUser;
  memberA: TestUser;
  guestA: TestUser;
  removedA: TestUser;
  ownerB: TestUser;
  /** A key of B with every scope. */
  keyB: string;
  /** A key of A with only workspace:read. */
  keyAReadOnly: string;
  invitationA: { id: string; token: string };
  apiKeyA: { id: string };
  /** A public channel and a private one (with memberA in it) in A, both made by A's owner. */
  channelA: { id: string };
  privateA: { id: string };
  /** Messages in privateA: one by memberA, one by A's owner (the one the matrix deletes). */
  messageA: { id: string };
  deletableA: { id: string };
  /** Widget visitors (A's signed, listing invoice 42; B's anonymous), as bearer-token callers. */
  visitorA: TestUser;
  visitorB: TestUser;
}

export const WIDGET_HOST = 'https://host.example';

/** A widget visitor session in `ws` (widget switched on), shaped like a TestUser for the callers. */
async function visitorIn(owner: TestUser, ws: string, signed: boolean): Promise<TestUser> {
  const o = await callerFor(owner);
  await o.widget.update({
    workspaceId: ws,
    enabled: true,
    allowedOrigins: [WIDGET_HOST],
    anonymous: !signed,
  });
  const token = signed
    ? signIdentity((await o.widget.rotateSecret({ workspaceId: ws })).secret, {
        sub: `host-user-${ws.slice(0, 8)}`,
        name: 'Visitor Vera',
        email: 'vera@host.example',
        exp: Math.floor(Date.now() / 1000) + 600,
        subjects: [{ type: 'invoice', id: '42' }],
      })
    : null;
  // From the host page, as a browser sends it (anonymous sessions need an Origin).
  const s = await (
    await callerWith(new Headers({ origin: WIDGET_HOST }))
  ).widget.session({ workspace: ws, hostOrigin: WIDGET_HOST, token });
  return { userId: s.visitor.userId, email: '', name: s.visitor.name, password: '', token: s.token };
}

export async function buildFixture(tag: string): Promise<Fixture> {
  const [ownerA, adminA, moderatorA, memberA, guestA, removedA, ownerB] = await Promise.all(
    ['Owner A', 'Admin A', 'Moderator A', 'Member A', 'Guest A', 'Removed A', 'Owner B'].map((n) =>
      signUp(`${n} ${tag}`),
    ),
  );
  if (!ownerA || !adminA || !moderatorA || !memberA || !guestA || !removedA || !ownerB)
    throw new Error('sign-up');
  const a = await callerFor(ownerA);
  const wsA = await a.workspace.create({ name: `Alpha ${tag}` });
  const join = async (u: TestUser, role: Role) => {
    const inv = await a.member.invite({ workspaceId: wsA.id, role: role === 'owner' ? 'admin' : role });
    await (await callerFor(u)).member.accept({ token: inv.token });
  };
  await join(adminA, 'admin');
  await join(moderatorA, 'moderator');
  await join(memberA, 'member');
  await join(guestA, 'guest');
  await join(removedA, 'member');
  await a.member.remove({ workspaceId: wsA.id, userId: removedA.userId });

  const b = await callerFor(ownerB);
  const wsB = await b.workspace.create({ name: `Beta ${tag}` });
  const allScopes: ApiKeyScope[] = ['workspace:read', 'members:read', 'members:write', 'audit:read'];
  const keyB = (await b.apiKey.create({ workspaceId: wsB.id, name: 'b-all', scopes: allScopes })).key;
  const keyAReadOnly = (
    await a.apiKey.create({ workspaceId: wsA.id, name: 'a-ro', scopes: ['workspace:read'] })
  ).key;
  const apiKeyA = await a.apiKey.create({ workspaceId: wsA.id, name: 'a-target', scopes: ['members:read'] });
  const invitationA = await a.member.invite({ workspaceId: wsA.id, role: 'member' });
  const channelA = await a.channel.create({ workspaceId: wsA.id, name: 'matrix-public' });
  const privateA = await a.channel.create({ workspaceId: wsA.id, name: 'matrix-private', isPrivate: true });
  await a.channel.addMember({ workspaceId: wsA.id, channelId: privateA.id, userId: memberA.userId });
  const messageA = await (
    await callerFor(memberA)
  ).message.send({
    workspaceId: wsA.id,
    conversationId: privateA.id,
    clientMsgId: `fixture-${tag}-member`,
    body: `fixture message <@${ownerA.userId}>`,
  });
  const [visitorA, visitorB] = await Promise.all([
    visitorIn(ownerA, wsA.id, true),
    visitorIn(ownerB, wsB.id, false),
  ]);
  const deletableA = await a.message.send({
    workspaceId: wsA.id,
    conversationId: privateA.id,
    clientMsgId: `fixture-${tag}-owner`,
    body: 'fixture message to delete',
  });
  return {
    a: { id: wsA.id, name: wsA.name, slug: wsA.slug },
    b: { id: wsB.id },
    ownerA,
    adminA,
    moderatorA,
    memberA,
    guestA,
    removedA,
    ownerB,
    keyB,
    keyAReadOnly,
    invitationA: { id: invitationA.id, token: invitationA.token },
    apiKeyA: { id: apiKeyA.id },
    channelA: { id: channelA.id },
    privateA: { id: privateA.id },
    messageA: { id: messageA.message.id },
    deletableA: { id: deletableA.message.id },
    visitorA,
    visitorB,
  };
}

export interface Case {
  /** Lowest role allowed; null for procedures that do not act in a workspace. */
  minRole: Role | null;
  /** The API-key scope that admits a key, if any. */
  keyScope?: ApiKeyScope;
  /** A valid input aimed at workspace `ws`. */
  input: (f: Fixture, ws: string) => Record<string, unknown> | undefined;
  /** Who succeeds with that input in the positive control (default: A's owner). */
  allowed?: (f: Fixture) => TestUser;
  /** Members of A who must still be refused: the object is outside what they may see. */
  alsoRefused?: (f: Fixture) => TestUser[];
  /**
   * The gate admits widget visitors (as guests). A's visitor is then refused exactly where A's
   * guest is; without this flag it is refused everywhere.
   */
  visitor?: boolean;
  /** Open to anyone (the widget's config and session exchange); tested in the widget tests. */
  public?: boolean;
}

// The guest and the admin are not in A's private channel: its messages do not exist for them.
const outsidePrivate = (f: Fixture) => [f.guestA, f.adminA];

const visitorOnly = {
  minRole: 'guest' as const,
  visitor: true,
  allowed: (f: Fixture) => f.visitorA,
  alsoRefused: (f: Fixture) => [f.ownerA, f.adminA, f.moderatorA, f.memberA, f.guestA],
};

/** One case per procedure. The isolation test fails when a procedure of appRouter has none. */
export const cases: Record<string, Case> = {
  'workspace.create': { minRole: null, input: () => ({ name: 'Created in matrix' }) },
  'workspace.listMine': { minRole: null, input: () => undefined },
  'workspace.get': { minRole: 'guest', keyScope: 'workspace:read', input: (_f, ws) => ({ workspaceId: ws }) },
  'workspace.update': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, name: 'Renamed by matrix' }),
  },
  'member.list': { minRole: 'guest', keyScope: 'members:read', input: (_f, ws) => ({ workspaceId: ws }) },
  'member.invitations': {
    minRole: 'admin',
    keyScope: 'members:read',
    input: (_f, ws) => ({ workspaceId: ws }),
  },
  'member.invite': {
    minRole: 'admin',
    keyScope: 'members:write',
    input: (_f, ws) => ({ workspaceId: ws, role: 'member' }),
  },
  'member.revokeInvitation': {
    minRole: 'admin',
    keyScope: 'members:write',
    input: (f, ws) => ({ workspaceId: ws, invitationId: f.invitationA.id }),
  },
  'member.accept': { minRole: null, input: (f) => ({ token: f.invitationA.token }) },
  'member.changeRole': {
    minRole: 'admin',
    keyScope: 'members:write',
    input: (f, ws) => ({ workspaceId: ws, userId: f.memberA.userId, role: 'guest' }),
  },
  'member.remove': {
    minRole: 'admin',
    keyScope: 'members:write',
    input: (f, ws) => ({ workspaceId: ws, userId: f.memberA.userId }),
  },
  'member.leave': {
    minRole: 'guest',
    input: (_f, ws) => ({ workspaceId: ws }),
    allowed: (f) => f.moderatorA,
  },
  'apiKey.create': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, name: 'matrix', scopes: ['workspace:read'] }),
  },
  'apiKey.list': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'apiKey.revoke': { minRole: 'admin', input: (f, ws) => ({ workspaceId: ws, keyId: f.apiKeyA.id }) },
  'audit.list': { minRole: 'admin', keyScope: 'audit:read', input: (_f, ws) => ({ workspaceId: ws }) },
  'audit.verify': { minRole: 'admin', keyScope: 'audit:read', input: (_f, ws) => ({ workspaceId: ws }) },
  'channel.list': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'channel.get': { minRole: 'guest', input: (f, ws) => ({ workspaceId: ws, channelId: f.channelA.id }) },
  'channel.members': { minRole: 'guest', input: (f, ws) => ({ workspaceId: ws, channelId: f.privateA.id }) },
  'channel.create': { minRole: 'member', input: (_f, ws) => ({ workspaceId: ws, name: 'matrix-made' }) },
  'channel.update': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.channelA.id, topic: 'Set by the matrix' }),
  },
  'channel.join': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.channelA.id }),
    allowed: (f) => f.adminA,
  },
  'channel.leave': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.channelA.id }),
    allowed: (f) => f.adminA,
  },
  'channel.addMember': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.privateA.id, userId: f.guestA.userId }),
  },
  'channel.removeMember': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.privateA.id, userId: f.guestA.userId }),
  },
  'channel.openDirect': {
    minRole: 'guest',
    input: (f, ws) => ({ workspaceId: ws, userIds: [f.adminA.userId] }),
  },
  'channel.listDirect': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'channel.getOrCreateBySubject': {
    minRole: 'member',
    input: (_f, ws) => ({ workspaceId: ws, subject: { type: 'invoice', id: '42' }, title: 'Invoice 42' }),
  },
  'channel.listBySubject': { minRole: 'member', input: (_f, ws) => ({ workspaceId: ws, type: 'invoice' }) },
  'channel.archive': {
    minRole: 'member',
    input: (f, ws) => ({ workspaceId: ws, channelId: f.channelA.id, archived: true }),
  },
  'workspace.keys': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'workspace.rotateKey': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'message.send': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({
      workspaceId: ws,
      conversationId: f.privateA.id,
      clientMsgId: 'matrix-send-0001',
      body: 'sent by the matrix',
    }),
    alsoRefused: outsidePrivate,
  },
  'message.history': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, conversationId: f.privateA.id }),
    alsoRefused: outsidePrivate,
  },
  'message.get': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, messageId: f.messageA.id }),
    alsoRefused: outsidePrivate,
  },
  'message.edit': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, messageId: f.deletableA.id, body: 'edited by the matrix' }),
    alsoRefused: (f) => [...outsidePrivate(f), f.memberA],
  },
  'message.editHistory': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, messageId: f.messageA.id }),
    alsoRefused: outsidePrivate,
  },
  'reaction.toggle': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, messageId: f.messageA.id, emoji: '👍' }),
    alsoRefused: outsidePrivate,
  },
  'message.pin': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, messageId: f.messageA.id, pinned: true }),
    alsoRefused: outsidePrivate,
  },
  'message.pins': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, conversationId: f.privateA.id }),
    alsoRefused: outsidePrivate,
  },
  'read.receipts': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, messageId: f.messageA.id }),
    alsoRefused: outsidePrivate,
  },
  'read.mark': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, conversationId: f.privateA.id, seq: 1 }),
    alsoRefused: outsidePrivate,
  },
  'read.states': { minRole: 'guest', visitor: true, input: (_f, ws) => ({ workspaceId: ws }) },
  // Sync answers per conversation: one the caller cannot read comes back `gone` and empty (tested
  // in the socket matrix and message tests), so only the workspace gate refuses here.
  'message.sync': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({
      workspaceId: ws,
      conversations: [{ conversationId: f.privateA.id, lastSeq: 0, lastRev: 0 }],
    }),
  },
  'search.messages': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws, query: 'fixture message' }) },
  'notification.list': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'notification.markRead': { minRole: 'guest', input: (_f, ws) => ({ workspaceId: ws }) },
  'thread.replies': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, messageId: f.messageA.id }),
    alsoRefused: outsidePrivate,
  },
  'message.delete': {
    minRole: 'guest',
    visitor: true,
    input: (f, ws) => ({ workspaceId: ws, messageId: f.deletableA.id }),
    alsoRefused: (f) => [...outsidePrivate(f), f.memberA],
  },
  'admin.analytics': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, from: '2026-11-01', to: '2026-11-30' }),
  },
  'admin.connections': { minRole: 'moderator', input: (_f, ws) => ({ workspaceId: ws }) },
  'admin.disconnect': {
    minRole: 'admin',
    input: (f, ws) => ({ workspaceId: ws, userId: f.guestA.userId }),
  },
  'widget.config': { minRole: null, public: true, input: (f) => ({ workspace: f.a.slug }) },
  'widget.session': {
    minRole: null,
    public: true,
    input: (f) => ({ workspace: f.a.slug, hostOrigin: WIDGET_HOST, token: null }),
  },
  // The visitor side of the widget: visitors only (members use the app's own procedures).
  'widget.me': { ...visitorOnly, input: (_f, ws) => ({ workspaceId: ws }) },
  'widget.conversations': { ...visitorOnly, input: (_f, ws) => ({ workspaceId: ws }) },
  'widget.people': { ...visitorOnly, input: (_f, ws) => ({ workspaceId: ws }) },
  'widget.open': {
    ...visitorOnly,
    input: (_f, ws) => ({ workspaceId: ws, subject: { type: 'invoice', id: '42' } }),
  },
  'widget.settings': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'widget.update': {
    minRole: 'admin',
    input: (_f, ws) => ({ workspaceId: ws, appearance: { title: 'Set by the matrix' } }),
  },
  // Ends every widget session of A: after the visitor cases in the positive control.
  'widget.rotateSecret': { minRole: 'admin', input: (_f, ws) => ({ workspaceId: ws }) },
  'workspace.archive': { minRole: 'owner', input: (_f, ws) => ({ workspaceId: ws, archived: true }) },
};

export const TABLES = [
  'workspace',
  'member',
  'invitation',
  'api_key',
  'audit_event',
  'audit_checkpoint',
  'conversation',
  'conversation_member',
  'workspace_key',
  'message',
  'message_edit',
  'message_reaction',
  'notification',
  'widget_secret',
  'widget_visitor',
  'widget_session',
  'widget_token_use',
] as const;

/**
 * Everything workspace `ws` holds, read as superuser (no RLS): one digest per table. Audit entries
 * recording refused calls (`authz.denied`) are left out: writing them is the point of a refusal.
 */
export async function snapshot(ws: string): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: superUrlForThisFile() });
  await c.connect();
  try {
    const out: Record<string, string> = {};
    for (const t of TABLES) {
      const key = t === 'workspace' ? 'id' : 'workspace_id';
      const extra = t === 'audit_event' ? ` AND action <> 'authz.denied'` : '';
      // last_used_at moves whenever a key is used; it is bookkeeping, not data.
      // Likewise a key's encryption count, which is written in bulk whenever its buffer fills.
      const row =
        t === 'api_key'
          ? `(r.id, r.name, r.scopes, r.revoked_at)::text`
          : t === 'workspace_key'
            ? `(r.version, r.wrapped, r.rotation_total, r.rotation_done)::text`
            : 'r::text';
      const res = await c.query<{ d: string | null; n: string }>(
        `SELECT md5(string_agg(${row}, ',' ORDER BY ${row})) AS d, count(*)::text AS n FROM ${t} r WHERE ${key} = $1${extra}`,
        [ws],
      );
      out[t] = `${res.rows[0]?.n}:${res.rows[0]?.d ?? ''}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

/** Whole-database row counts (superuser), for "nothing was written anywhere". */
export async function rowCounts(): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: superUrlForThisFile() });
  await c.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of ['"user"', 'account', ...TABLES]) {
      const r = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`);
      out[t] = Number(r.rows[0]?.n);
    }
    return out;
  } finally {
    await c.end();
  }
}
