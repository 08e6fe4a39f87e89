'use client';
import { trpc } from '@/components/client/trpc';
import { useAdmin } from '../admin-context';
import { QueryState } from '../QueryState';
import { LockdownPart } from './LockdownPart';
import { SecurityOverview } from './SecurityOverview';
import { PolicyForm } from './PolicyForm';
import './security.css';

/** The console's Security page: the workspace's security policy (CONVENTIONS.md, "Security policy"). */
export function SecuritySection() {
  const { ws } = useAdmin();
  // Refetched only when asked ("Load the latest"): the form edits the version it was loaded from.
  const policy = trpc.admin.policy.useQuery({ workspaceId: ws.id }, { refetchOnWindowFocus: false });
  return (
    <>
      <SecurityOverview />
      <LockdownPart />
      <p className="muted security-about">
        What this workspace does with sensitive data and unwanted content in messages and edits. Changes apply
        to the next message; what is already stored stays as it is.
      </p>
      {/* A failed reload keeps the form (and its edits) on the page: only a first load shows the error. */}
      <QueryState
        query={{ ...policy, error: policy.data ? null : policy.error }}
        what="the security policy"
        empty={null}
        isEmpty={() => false}
      >
        {(p) => <PolicyForm policy={p} />}
      </QueryState>
    </>
  );
}
