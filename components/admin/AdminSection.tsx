'use client';
import type { ReactNode } from 'react';
import { useAdmin } from './admin-context';
import { atLeast } from './roles';
import { sectionOf, type SectionPath } from './sections';

/** A console page: its heading, then its content when the caller's role opens the section. */
export function AdminSection({ path, children }: { path: SectionPath; children: ReactNode }) {
  const { ws } = useAdmin();
  const { label, min } = sectionOf(path);
  return (
    <>
      <h1>{label}</h1>
      {atLeast(ws.role, min) ? (
        children
      ) : (
        <p role="status">
          This section needs the {min} role; you are a {ws.role} of {ws.name}. The menu lists what you can
          open.
        </p>
      )}
    </>
  );
}
