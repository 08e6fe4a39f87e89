'use client';
import { createContext, useContext } from 'react';
import type { SessionUser } from '@/components/client/require-session';
import type { Workspace } from '@/components/client/trpc';
import { atLeast } from '@/shared/roles';

export interface AdminScope {
  ws: Workspace;
  user: SessionUser;
  /** Admins and owners: everything; moderators: the read-only parts and connections. */
  isAdmin: boolean;
}

export const AdminContext = createContext<AdminScope | null>(null);

export function scopeOf(ws: Workspace, user: SessionUser): AdminScope {
  return { ws, user, isAdmin: atLeast(ws.role, 'admin') };
}

/** The workspace the console is showing; only valid under AdminShell (which provides it). */
export function useAdmin(): AdminScope {
  const scope = useContext(AdminContext);
  if (!scope) throw new Error('useAdmin() outside the admin console');
  return scope;
}
