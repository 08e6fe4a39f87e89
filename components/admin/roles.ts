import type { Role } from '@/components/client/trpc';
import { ROLES } from '@/components/client/workspace-gate';

/**
 * The same ranking as the server's (ROLES lists it highest first). Only used to decide what to show:
 * every call is still checked by the server, which has the last word.
 */
export const atLeast = (role: Role, min: Role): boolean => ROLES.indexOf(role) <= ROLES.indexOf(min);

/**
 * Roles the viewer may hand out or take away (CONVENTIONS "Roles and permissions"): owners touch
 * anyone; admins only roles below admin.
 */
export function assignableRoles(viewer: Role): Role[] {
  if (viewer === 'owner') return [...ROLES];
  if (viewer === 'admin') return ROLES.filter((r) => !atLeast(r, 'admin'));
  return [];
}

/** Whether the viewer may change or remove a member who holds `target`. */
export const canManageMember = (viewer: Role, target: Role): boolean =>
  assignableRoles(viewer).includes(target);
