import { describe, expect, it } from 'vitest';
import {
  assignableRoles,
  atLeast,
  can,
  canInviteAs,
  canManageMember,
  invitableRoles,
  permissions,
  roles,
  type Role,
} from './roles';

const ladder: Role[] = ['guest', 'member', 'moderator', 'admin', 'owner'];

describe('the role ladder', () => {
  it('ranks guest < member < moderator < admin < owner, and lists roles highest first', () => {
    expect([...roles]).toEqual([...ladder].reverse());
    for (const [i, role] of ladder.entries())
      for (const [j, min] of ladder.entries()) expect(atLeast(role, min), `${role} ≥ ${min}`).toBe(i >= j);
  });

  it('gives each action to its lowest role and everyone above', () => {
    expect(permissions['channel.join']).toBe('member');
    expect(permissions['console.open']).toBe('moderator');
    expect(permissions['member.invite']).toBe('admin');
    expect(permissions['workspace.archive']).toBe('owner');
    expect(can('guest', 'channel.join')).toBe(false);
    expect(can('moderator', 'channel.manage')).toBe(true);
    expect(can('moderator', 'audit.read')).toBe(false);
    expect(can('admin', 'workspace.archive')).toBe(false);
    expect(can('owner', 'workspace.archive')).toBe(true);
  });
});

describe('managing members', () => {
  it('lets owners change anyone, admins only roles below admin, and nobody else anything', () => {
    for (const target of roles) {
      for (const to of roles) {
        expect(canManageMember('owner', target, to)).toBe(true);
        const below = (r: Role) => !atLeast(r, 'admin');
        expect(canManageMember('admin', target, to), `admin: ${target} → ${to}`).toBe(
          below(target) && below(to),
        );
        for (const actor of ['moderator', 'member', 'guest'] as const)
          expect(canManageMember(actor, target, to)).toBe(false);
      }
      // Removal names no new role.
      expect(canManageMember('admin', target)).toBe(!atLeast(target, 'admin'));
    }
  });

  it('offers in pickers exactly the roles the server would accept', () => {
    expect(assignableRoles('owner')).toEqual([...roles]);
    expect(assignableRoles('admin')).toEqual(['moderator', 'member', 'guest']);
    for (const actor of roles)
      for (const target of assignableRoles(actor))
        for (const to of assignableRoles(actor)) expect(canManageMember(actor, target, to)).toBe(true);
    expect(assignableRoles('moderator')).toEqual([]);
  });

  it('invites as any role but owner (owners invite admins; admins up to moderator)', () => {
    expect(invitableRoles('owner')).toEqual(['admin', 'moderator', 'member', 'guest']);
    expect(invitableRoles('admin')).toEqual(['moderator', 'member', 'guest']);
    expect(invitableRoles('moderator')).toEqual([]);
    expect(canInviteAs('admin', 'admin')).toBe(false);
    expect(canInviteAs('member', 'guest')).toBe(false);
  });
});
