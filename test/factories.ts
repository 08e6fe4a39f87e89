import { randomUUID } from 'node:crypto';
import { signIdentity, type IdentityClaims } from '../server/domain/widget/token';
import type { Role } from '../shared/roles';
import { callerFor, callerWith, signUp, type TestUser } from './actors';

// Test data made through the real API (tRPC callers), so that it passes the same gates and rules
// as what people make; nothing here writes rows directly.

export type Caller = Awaited<ReturnType<typeof callerFor>>;

/** A signed-up person and a caller authenticated as them. */
export interface Person extends TestUser {
  api: Caller;
}

/** Signs up a person (or takes one signed up already) and gives them a caller. */
export async function person(who: string | TestUser = 'Person'): Promise<Person> {
  const user = typeof who === 'string' ? await signUp(who) : who;
  return { ...user, api: await callerFor(user) };
}

type Joining = Exclude<Role, 'owner'>;
const JOINING: readonly Joining[] = ['admin', 'moderator', 'member', 'guest'];

/** How many people join at a role, or who: names to sign up, or people signed up already. */
export type Seats = number | readonly (string | TestUser)[];
export type Crew = Partial<Record<Joining, Seats>>;

type Repeat<N extends number, R extends Person[] = []> = number extends N
  ? Person[]
  : R['length'] extends N
    ? R
    : Repeat<N, [...R, Person]>;
type PeopleOf<S> = S extends number
  ? Repeat<S>
  : S extends readonly unknown[]
    ? { -readonly [I in keyof S]: Person }
    : [];

export type TestWorkspace<C extends Crew = Crew> = {
  id: string;
  slug: string;
  name: string;
  /** #general: every member but guests is in it from the start. */
  general: { id: string };
  /** Who created the workspace. */
  owner: Person;
  /** The owner's caller (`owner.api`), which makes most of a test's data. */
  api: Caller;
} & { [R in Joining]: PeopleOf<C[R]> };

let made = 0;

/**
 * A new workspace and the people of `crew`, each invited by the owner at their role and accepting
 * the invitation, in the order admin, moderator, member, guest:
 * `const { owner, member: [alice, bob], guest: [gina] } = await workspaceWith({ member: 2, guest: 1 })`.
 */
export async function workspaceWith<const C extends Crew>(
  crew: C = {} as C,
  opts: { name?: string; owner?: string | TestUser } = {},
): Promise<TestWorkspace<C>> {
  const name = opts.name ?? `Workspace ${++made}`;
  const owner = await person(opts.owner ?? `${name} owner`);
  const created = await owner.api.workspace.create({ name });
  const [general] = await owner.api.channel.list({ workspaceId: created.id });
  if (!general) throw new Error('a new workspace has no #general');
  const ws: Record<string, unknown> = {
    id: created.id,
    slug: created.slug,
    name: created.name,
    general: { id: general.id },
    owner,
    api: owner.api,
  };
  for (const role of JOINING) {
    const seats = crew[role] ?? 0;
    const who =
      typeof seats === 'number' ? Array.from({ length: seats }, (_, i) => `${name} ${role} ${i + 1}`) : seats;
    const people = await Promise.all(who.map((w) => person(w)));
    for (const p of people) await join({ id: created.id, owner }, p, role);
    ws[role] = people;
  }
  return ws as TestWorkspace<C>;
}

/** `who` joins the workspace at `role` through an invitation from its owner. */
export async function join(ws: { id: string; owner: Person }, who: TestUser, role: Joining) {
  const { token } = await ws.owner.api.member.invite({ workspaceId: ws.id, role });
  return (await callerFor(who)).member.accept({ token });
}

type InWorkspace = { id: string; owner: Person };

export type ConversationSpec =
  | { kind: 'channel'; name?: string; private?: boolean; members?: TestUser[]; by?: Person }
  | { kind: 'direct'; members: TestUser[]; by?: Person }
  | { kind: 'subject'; subject: { type: string; id: string }; title?: string; by?: Person };

let channels = 0;

/**
 * A conversation made by `by` (the owner unless named): a channel (public unless `private`) with
 * `members` added by its creator, a direct conversation with `members`, or a record conversation.
 */
export async function conversation(ws: InWorkspace, spec: ConversationSpec): Promise<{ id: string }> {
  const api = (spec.by ?? ws.owner).api;
  const workspaceId = ws.id;
  switch (spec.kind) {
    case 'channel': {
      const name = spec.name ?? `channel-${++channels}`;
      const { id } = await api.channel.create({ workspaceId, name, isPrivate: spec.private ?? false });
      for (const m of spec.members ?? [])
        await api.channel.addMember({ workspaceId, channelId: id, userId: m.userId });
      return { id };
    }
    case 'direct':
      return {
        id: (await api.channel.openDirect({ workspaceId, userIds: spec.members.map((m) => m.userId) })).id,
      };
    case 'subject': {
      const { subject, title } = spec;
      return { id: (await api.channel.getOrCreateBySubject({ workspaceId, subject, title })).id };
    }
  }
}

/** A message sent through message.send by `author` (the owner unless named), with a fresh client id. */
export async function message(
  ws: InWorkspace,
  conv: { id: string },
  opts: { author?: { api: Caller }; body?: string; parentId?: string } = {},
) {
  const { message: sent } = await (opts.author ?? ws.owner).api.message.send({
    workspaceId: ws.id,
    conversationId: conv.id,
    clientMsgId: `msg-${randomUUID()}`,
    body: opts.body ?? 'a message',
    parentId: opts.parentId,
  });
  return sent;
}

/** Where the widget is embedded in tests, unless a test names another host. */
export const WIDGET_HOST = 'https://host.example';
/** The app's own origin in tests (APP_URL): the widget frame's. */
export const APP_ORIGIN = 'http://localhost:3999';

/**
 * Switches the widget on for `host` (anonymous visitors only when asked) and returns a fresh
 * identity secret. Rotating the secret ends the workspace's earlier widget sessions.
 */
export async function widgetOn(
  ws: InWorkspace,
  opts: { host?: string; anonymous?: boolean; anonymousPerHour?: number } = {},
) {
  const workspaceId = ws.id;
  await ws.owner.api.widget.update({
    workspaceId,
    enabled: true,
    allowedOrigins: [opts.host ?? WIDGET_HOST],
    anonymous: opts.anonymous ?? false,
    ...(opts.anonymousPerHour === undefined ? {} : { anonymousPerHour: opts.anonymousPerHour }),
  });
  return (await ws.owner.api.widget.rotateSecret({ workspaceId })).secret;
}

/**
 * A widget visitor of a workspace whose widget is on: signed with `secret` (and `claims`), or
 * anonymous without one, exchanged as the widget frame (origin `from`, APP_ORIGIN by default) does.
 * Shaped like a Person, its token a visitor session's.
 */
export async function widgetVisitor(
  ws: { id: string },
  opts: { secret?: string; claims?: Partial<IdentityClaims>; host?: string; from?: string | null } = {},
): Promise<Person> {
  const token = opts.secret
    ? signIdentity(opts.secret, {
        sub: `visitor-${randomUUID()}`,
        name: 'Visitor',
        exp: Math.floor(Date.now() / 1000) + 600,
        // Tokens are single-use: two signed in the same second with the same claims must differ.
        jti: randomUUID(),
        ...opts.claims,
      })
    : null;
  const from = opts.from === undefined ? APP_ORIGIN : opts.from;
  const frame = await callerWith(new Headers(from ? { origin: from } : {}));
  const s = await frame.widget.session({ workspace: ws.id, hostOrigin: opts.host ?? WIDGET_HOST, token });
  return person({ userId: s.visitor.userId, email: '', name: s.visitor.name, password: '', token: s.token });
}

/**
 * A widget visitor's own conversation, opened from the widget as the frame opens it (so it is in
 * the support inbox), with optional visitor messages; `staff` then writes an internal note and a
 * canned reply if given.
 */
export async function supportConversation(
  ws: TestWorkspace,
  visitor: Person,
  opts: {
    messages?: string[];
    pageUrl?: string;
    note?: string;
    canned?: { title: string; body: string };
  } = {},
) {
  const conv = await visitor.api.widget.open({
    workspaceId: ws.id,
    pageUrl: opts.pageUrl ?? `${WIDGET_HOST}/pricing`,
  });
  for (const body of opts.messages ?? [])
    await visitor.api.message.send({
      workspaceId: ws.id,
      conversationId: conv.id,
      clientMsgId: `v-${randomUUID()}`,
      body,
    });
  if (opts.note) await ws.api.inbox.addNote({ workspaceId: ws.id, conversationId: conv.id, body: opts.note });
  if (opts.canned) await ws.api.inbox.saveCannedReply({ workspaceId: ws.id, ...opts.canned });
  return conv;
}
