'use client';
import type { ReactNode } from 'react';
import { WorkspaceGate } from '@/components/client/workspace-gate';
import { Shell } from '@/components/workspace/Shell';

/** Every page of a workspace: gated to its members, inside the chat shell (sidebar + main pane). */
export default function WorkspaceLayout({ children }: { children: ReactNode }) {
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
