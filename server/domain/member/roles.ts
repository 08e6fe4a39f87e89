import { z } from 'zod';

export const roles = ['owner', 'admin', 'moderator', 'member', 'guest'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

const rank: Record<Role, number> = { guest: 0, member: 1, moderator: 2, admin: 3, owner: 4 };

/** True when `role` is at least `min` in the ladder guest < member < moderator < admin < owner. */
export const atLeast = (role: Role, min: Role) => rank[role] >= rank[min];

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
  'channel.manage': 'moderator',
  'analytics.view': 'admin',
  'data.export': 'admin',
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

/** Which roles an inviter may hand out. */
export const canInviteAs = (actorRole: Role, role: Role) =>
  actorRole === 'owner' ? true : actorRole === 'admin' ? !atLeast(role, 'admin') : false;
