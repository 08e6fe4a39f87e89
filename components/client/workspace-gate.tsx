'use client';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { FormError, Loading } from '../ui/field';
import { toShownError } from './errors';
import { RequireSession, type SessionUser } from './require-session';
import { trpc, type Workspace } from './trpc';

/**
 * Finds the workspace named by the `[slug]` route segment among the caller's own workspaces
 * (workspace.listMine), then renders the page for it. Not a member: not found, as the server says.
 */
export function WorkspaceGate({ children }: { children: (ws: Workspace, user: SessionUser) => ReactNode }) {
  return <RequireSession>{(user) => <Find user={user}>{children}</Find>}</RequireSession>;
}

function Find({
  user,
  children,
}: {
  user: SessionUser;
  children: (ws: Workspace, user: SessionUser) => ReactNode;
}) {
  const { slug } = useParams<{ slug: string }>();
  const mine = trpc.workspace.listMine.useQuery();
  if (mine.isPending) return <Loading what="the workspace" />;
  if (mine.error) return <FormError error={toShownError(mine.error)} />;
  const ws = mine.data.find((w) => w.slug === slug);
  if (!ws) {
    return (
      <>
        <h1>Workspace not found</h1>
        <p>
          There is no workspace at this address that you belong to.{' '}
          <Link href="/workspaces">Your workspaces</Link>
        </p>
      </>
    );
  }
  return <>{children(ws, user)}</>;
}
