/**
 * The role ladder and what each role may do: the one definition the server enforces and the
 * clients read to decide what to show (the server still has the last word on every call).
 * Plain TypeScript on purpose: the browser imports it, and zod stays out of its bundles
 * (`roleSchema` is in ./schemas.ts).
 */

/** Highest first, the order pickers list them in. */
export const roles = ['owner', 'admin', 'moderator', 'member', 'guest'] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { guest: 0, member: 1, moderator: 2, admin: 3, owner: 4 };

/** True when `role` is at least `min` in the ladder guest < member < moderator < admin < owner. */
export const atLeast = (role: Role, min: Role) => rank[role] >= rank[min];

/** Whether a moderation decision of `actor` reaches `target`: those below them (owners: everyone). */
export const outranks = (actor: Role, target: Role) => actor === 'owner' || rank[actor] > rank[target];

/**
 * The permission matrix (CONVENTIONS.md repeats it for people). Each action names the lowest role
 * that may perform it; role changes and removals have the extra rules in canManageMember().
 */
export const permissions = {
  'workspace.read': 'guest',
  'workspace.update': 'admin',
  'workspace.archive': 'owner',
  'member.list': 'guest',
  'member.invite': 'admin',
  'member.changeRole': 'admin',
  'member.remove': 'admin',
  'channel.create': 'member',
  /** Join public channels, list and open record-linked (and widget visitor) conversations. */
  'channel.join': 'member',
  'channel.manage': 'moderator',
  /** Work the support inbox: see visitor conversations, assign, snooze, close, write notes. */
  'inbox.work': 'member',
  /** Create, change and delete the workspace's canned replies (every inbox worker uses them). */
  'inbox.cannedReplies': 'moderator',
  /** The console's read-only parts: members, channels, active connections. */
  'console.open': 'moderator',
  /** The moderation queue: see flagged and reported messages, and decide on them. */
  'moderation.review': 'moderator',
  /** Correct someone else's message (rectification): the text changes, the old one stays in its history. */
  'message.correct': 'admin',
  'analytics.view': 'admin',
  'data.export': 'admin',
  /** Retention rules and legal holds (the console's Retention page). */
  'compliance.manage': 'admin',
  'settings.change': 'admin',
  'audit.read': 'admin',
  'apiKey.manage': 'admin',
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof permissions;

export const can = (role: Role, p: Permission) => atLeast(role, permissions[p]);

/**
 * Admins manage roles below admin; only owners touch owners and admins, or grant admin/owner.
 */
export function canManageMember(actorRole: Role, targetRole: Role, newRole?: Role): boolean {
  if (actorRole === 'owner') return true;
  if (actorRole !== 'admin') return false;
  if (atLeast(targetRole, 'admin')) return false;
  if (newRole && atLeast(newRole, 'admin')) return false;
  return true;
}

/** The roles `actorRole` may give or take away (highest first): every role for owners. */
export const assignableRoles = (actorRole: Role): Role[] =>
  roles.filter((r) => canManageMember(actorRole, r, r));

/** Owners are made by promotion, never by invitation. */
export const invitable = (role: Role) => role !== 'owner';

/** Which roles an inviter may hand out (invitable() is checked on its own, by the input). */
export const canInviteAs = (actorRole: Role, role: Role) =>
  actorRole === 'owner' ? true : actorRole === 'admin' ? !atLeast(role, 'admin') : false;

/** The roles an invitation from `actorRole` may carry (highest first). */
export const invitableRoles = (actorRole: Role): Role[] =>
  roles.filter((r) => invitable(r) && canInviteAs(actorRole, r));
