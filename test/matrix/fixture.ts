import type { ApiKeyScope } from '../../server/domain/api-key/scopes';
import { signIdentity } from '../../server/domain/widget/token';
import type { Role } from '../../shared/roles';
import { callerFor, callerWith, signUp, type TestUser } from '../actors';

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
