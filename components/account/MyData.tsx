'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/client/auth-client';
import { toShownError } from '@/components/client/errors';
import { RequireSession } from '@/components/client/require-session';
import { trpc } from '@/components/client/trpc';
import type { SignedReceipt } from '@/components/privacy/words';
import { FormError, Loading } from '@/components/ui/field';
import { AccountNav } from './AccountNav';
import { AccountDeleted, DeleteAccount } from './DeleteAccount';
import { ErasureReceipts } from './ErasureReceipts';

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const size = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function MyData() {
  const queryClient = useQueryClient();
  const { refetch: refetchSession } = useSession();
  // Kept here, above the session check: once the account is gone the session is too, and the
  // receipt must stay on the page.
  const [deleted, setDeleted] = useState<SignedReceipt | null>(null);
  if (deleted) return <AccountDeleted signed={deleted} />;
  return (
    <RequireSession>
      {(user) => (
        <>
          <h1>Your data</h1>
          <AccountNav />
          <AccessRequests />
          <ErasureReceipts />
          <DeleteAccount
            user={user}
            onDeleted={(r) => {
              setDeleted(r);
              // As signing out does: nothing of the account stays cached, the header forgets it.
              queryClient.clear();
              void refetchSession();
            }}
          />
        </>
      )}
    </RequireSession>
  );
}

/**
 * A copy of everything Enclave holds about you, from every workspace you are in: asked for here,
 * gathered in the background, downloaded here by you alone until the link expires.
 */
function AccessRequests() {
  const utils = trpc.useUtils();
  const list = trpc.privacy.accessRequests.useQuery(undefined, {
    // Quickly while one is being gathered.
    refetchInterval: (q) =>
      q.state.data?.some((r) => r.status === 'queued' || r.status === 'running') ? 2000 : false,
  });
  const ask = trpc.privacy.requestAccess.useMutation({
    onSuccess: () => utils.privacy.accessRequests.invalidate(),
  });
  const busy = list.data?.some((r) => r.status === 'queued' || r.status === 'running') ?? false;
  return (
    <section aria-labelledby="my-data-h" className="stack">
      <h2 id="my-data-h">A copy of your data</h2>
      <p className="muted">
        Your profile, your memberships, your messages and their edits, the files you uploaded, your reactions,
        what you have read, your notifications and notification settings, and the audit entries about you,
        from every workspace you are in: one ZIP with machine-readable files (NDJSON), a page to read them,
        and a signed list of its contents. Other people&apos;s messages are not included. The admins of your
        workspaces see that you asked.
      </p>
      <div className="row">
        <button type="button" disabled={ask.isPending || busy} onClick={() => ask.mutate()}>
          Request a copy of my data
        </button>
      </div>
      <FormError error={toShownError(ask.error)} />
      {list.isPending ? (
        <Loading what="your requests" />
      ) : list.error ? (
        <FormError error={toShownError(list.error)} />
      ) : list.data.length === 0 ? (
        <p className="muted">You have not asked for a copy yet.</p>
      ) : (
        <ul className="my-data-list" aria-label="Your requests">
          {list.data.map((r) => (
            <li key={r.id}>
              <span>Asked {when(r.createdAt)}: </span>
              {r.status === 'done' ? (
                r.downloadPath ? (
                  <>
                    ready{r.bytes !== null ? ` (${size(r.bytes)}, ${r.workspaces ?? 0} workspaces)` : ''},{' '}
                    <a href={r.downloadPath} download>
                      Download
                    </a>
                    {r.expiresAt ? <span className="muted"> until {when(r.expiresAt)}</span> : null}
                  </>
                ) : (
                  <span className="muted">expired</span>
                )
              ) : r.status === 'failed' ? (
                <span className="form-error">{r.error ?? 'failed'}</span>
              ) : (
                <>
                  <span role="status">being gathered</span>{' '}
                  <progress value={r.done} max={Math.max(1, r.total)} aria-label="Gathering your data" />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
