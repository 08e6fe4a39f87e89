'use client';
import { toShownError } from '@/components/client/errors';
import { trpc, type Workspace } from '@/components/client/trpc';
import { showTime } from '@/components/admin/dates';
import { FormProblem } from '@/components/admin/FormProblem';
import { QueryState } from '@/components/admin/QueryState';
import { Table } from '@/components/ui/table';

/** Invitations not yet accepted, revoked or expired (admins only: the server lists them to no one else). */
export function Invitations({ ws }: { ws: Pick<Workspace, 'id'> }) {
  const utils = trpc.useUtils();
  const list = trpc.member.invitations.useQuery({ workspaceId: ws.id });
  const revoke = trpc.member.revokeInvitation.useMutation({
    onSuccess: () => utils.member.invitations.invalidate(),
  });
  return (
    <section aria-labelledby="invitations-h">
      <h2 id="invitations-h">Pending invitations</h2>
      <FormProblem error={toShownError(revoke.error)} />
      <QueryState query={list} what="invitations" empty="No pending invitations.">
        {(invitations) => (
          <Table label="Pending invitations" columns={['For', 'Role', 'Created', 'Expires', 'Actions']}>
            {invitations.map((inv) => (
              <tr key={inv.id}>
                <td>{inv.email ?? 'anyone with the link'}</td>
                <td>{inv.role}</td>
                <td>
                  <time dateTime={inv.createdAt}>{showTime(inv.createdAt)}</time>
                </td>
                <td>
                  <time dateTime={inv.expiresAt}>{showTime(inv.expiresAt)}</time>
                </td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ workspaceId: ws.id, invitationId: inv.id })}
                  >
                    Revoke
                    <span className="sr-only"> the invitation for {inv.email ?? `a ${inv.role}`}</span>
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
    </section>
  );
}
