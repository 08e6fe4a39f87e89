'use client';
import { useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { Table } from '@/components/ui/table';
import { useAdmin } from './admin-context';
import { ConfirmButton } from './ConfirmButton';
import { FormProblem } from './FormProblem';
import { QueryState } from './QueryState';

/** Sockets are not pushed to the console, so it asks again this often (and on demand). */
const REFRESH_MS = 5_000;

/** Who is connected now; admins may close a person's sockets (they may reconnect). */
export function Connections() {
  const { ws, user, isAdmin } = useAdmin();
  const connections = trpc.admin.connections.useQuery(
    { workspaceId: ws.id },
    { refetchInterval: REFRESH_MS, staleTime: 0 },
  );
  const [done, setDone] = useState<string | null>(null);
  const disconnect = trpc.admin.disconnect.useMutation({
    onSuccess: async (r, v) => {
      const who = connections.data?.find((c) => c.userId === v.userId)?.name ?? 'The member';
      setDone(`${who}: ${r.disconnected} connection${r.disconnected === 1 ? '' : 's'} closed.`);
      await connections.refetch();
    },
  });
  const updatedAt = connections.dataUpdatedAt
    ? new Date(connections.dataUpdatedAt).toLocaleTimeString()
    : null;

  return (
    <>
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={connections.isFetching}
          onClick={() => void connections.refetch()}
        >
          {connections.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
        <span className="muted">
          {updatedAt ? `Updated ${updatedAt}; refreshes every ${REFRESH_MS / 1000} seconds.` : null}
        </span>
      </div>
      {isAdmin ? null : <p className="muted">Disconnecting people needs the admin role.</p>}
      <p role="status" className="ok">
        {done}
      </p>
      <FormProblem error={toShownError(disconnect.error)} />
      <QueryState query={connections} what="connections" empty="Nobody is connected right now.">
        {(list) => (
          <Table label="Active connections" columns={['Name', 'Status', 'Connections', isAdmin && 'Actions']}>
            {list.map((c) => (
              <tr key={c.userId} aria-label={c.name}>
                <th scope="row">
                  {c.name}
                  {c.userId === user.id ? <span className="muted"> (you)</span> : null}
                </th>
                <td>{c.status}</td>
                <td>{c.sockets}</td>
                {isAdmin ? (
                  <td>
                    {/* Closing your own sockets would only cut this console off. */}
                    {c.userId === user.id ? null : (
                      <ConfirmButton
                        label={`Disconnect ${c.name}`}
                        question={`Close every connection of ${c.name}? They can reconnect.`}
                        confirmLabel="Yes, disconnect"
                        pending={disconnect.isPending}
                        onConfirm={() => {
                          setDone(null);
                          disconnect.mutate({ workspaceId: ws.id, userId: c.userId });
                        }}
                      />
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
    </>
  );
}
