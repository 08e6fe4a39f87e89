'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import type { SessionUser } from '@/components/client/require-session';
import type { Workspace } from '@/components/client/trpc';
import { WorkspaceGate } from '@/components/client/workspace-gate';
import { can } from '@/shared/roles';
import { AdminContext, scopeOf } from './admin-context';
import { SECTIONS, sectionHref } from './sections';

/**
 * The console frame: finds the workspace by slug among the caller's own (not a member: not found),
 * turns away members and guests, and gives moderators only the sections their role opens.
 */
export function AdminShell({ children }: { children: ReactNode }) {
  return (
    <WorkspaceGate>
      {(ws, user) => (
        <Shell ws={ws} user={user}>
          {children}
        </Shell>
      )}
    </WorkspaceGate>
  );
}

function Shell({ ws, user, children }: { ws: Workspace; user: SessionUser; children: ReactNode }) {
  if (!can(ws.role, 'console.open')) return <NeedsAdmin ws={ws} />;
  return (
    <AdminContext.Provider value={scopeOf(ws, user)}>
      <div className="admin-shell">
        <AdminNav ws={ws} />
        <div className="admin-main">{children}</div>
      </div>
    </AdminContext.Provider>
  );
}

function AdminNav({ ws }: { ws: Workspace }) {
  const path = usePathname();
  return (
    <nav aria-label="Admin console" className="admin-nav">
      <p className="admin-nav-title">
        <span className="muted">Admin</span>
        <strong>{ws.name}</strong>
      </p>
      <ul>
        {SECTIONS.filter((s) => can(ws.role, s.needs)).map((s) => {
          const href = sectionHref(ws.slug, s);
          return (
            <li key={s.path}>
              <Link href={href} aria-current={isCurrent(path, href, s.path) ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
      <p>
        <Link href={`/w/${ws.slug}`}>Back to the workspace</Link>
      </p>
    </nav>
  );
}

/** A section is current on its own page and, but for the overview, on the pages below it. */
const isCurrent = (path: string, href: string, section: string) =>
  path === href || (section !== '' && path.startsWith(`${href}/`));

function NeedsAdmin({ ws }: { ws: Workspace }) {
  return (
    <section aria-labelledby="needs-admin">
      <h1 id="needs-admin">You need the admin role</h1>
      <p>
        The admin console of {ws.name} is for its admins and owners (moderators see part of it). Your role is{' '}
        <strong>{ws.role}</strong>; ask an admin if you need more.
      </p>
      <p>
        <Link href={`/w/${ws.slug}`}>Back to {ws.name}</Link>
      </p>
    </section>
  );
}
