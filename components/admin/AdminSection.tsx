'use client';
import type { ReactNode } from 'react';
import { can, permissions } from '@/shared/roles';
import { useAdmin } from './admin-context';
import { sectionOf, type SectionPath } from './sections';

/** A console page: its heading, then its content when the caller's role opens the section. */
export function AdminSection({ path, children }: { path: SectionPath; children: ReactNode }) {
  const { ws } = useAdmin();
  const { label, needs } = sectionOf(path);
  return (
    <>
      <h1>{label}</h1>
      {can(ws.role, needs) ? (
        children
      ) : (
        <p role="status">
          This section needs the {permissions[needs]} role; you are a {ws.role} of {ws.name}. The menu lists
          what you can open.
        </p>
      )}
    </>
  );
}
