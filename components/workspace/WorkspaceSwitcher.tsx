'use client';
import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { trpc } from '@/components/client/trpc';
import { useWorkspace } from './workspace-context';

/** The caller's workspaces (workspace.listMine); picking one opens it. */
export function WorkspaceSwitcher() {
  const { ws } = useWorkspace();
  const router = useRouter();
  const mine = trpc.workspace.listMine.useQuery();
  const id = useId();
  return (
    <div className="ws-switcher">
      <label htmlFor={id} className="sr-only">
        Switch workspace
      </label>
      <select
        id={id}
        value={ws.slug}
        onChange={(e) => router.push(e.target.value === '' ? '/workspaces' : `/w/${e.target.value}`)}
      >
        {(mine.data ?? [ws]).map((w) => (
          <option key={w.id} value={w.slug}>
            {w.name}
          </option>
        ))}
        <option value="">All workspaces…</option>
      </select>
    </div>
  );
}
