'use client';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionUser } from '@/components/client/require-session';
import { trpc, type Workspace } from '@/components/client/trpc';
import { QueryState } from '@/components/admin/QueryState';
import { Table } from '@/components/ui/table';
import { can, canManageMember } from '@/shared/roles';
import { MemberRow, type RoleSaving } from './MemberRow';

/** Everyone in the workspace, with role, presence and last seen; widget visitors on request. */
export function MemberTable({
  ws,
  user,
  roleSaving,
}: {
  ws: Workspace;
  user: SessionUser;
  roleSaving: RoleSaving;
}) {
  // Widget visitors can far outnumber the team: listed only on request.
  const [withVisitors, setWithVisitors] = useState(false);
  const members = trpc.member.list.useQuery(
    { workspaceId: ws.id, includeVisitors: withVisitors },
    // The table stays while the other list loads, instead of a loading line.
    { placeholderData: keepPreviousData },
  );
  const actions = can(ws.role, 'member.remove');
  return (
    <section aria-labelledby="members-h">
      <h2 id="members-h">Members</h2>
      <label className="check">
        <input type="checkbox" checked={withVisitors} onChange={(e) => setWithVisitors(e.target.checked)} />{' '}
        Show widget visitors
      </label>
      <QueryState query={members} what="members" empty="No members.">
        {(all) => (
          <Table
            label="Members"
            columns={['Name', 'Email', 'Role', 'Joined', 'Last seen', actions && 'Actions']}
          >
            {all.map((m) => (
              <MemberRow
                // A role changed elsewhere (live update) resets the row's picker to it.
                key={`${m.userId}:${m.role}`}
                ws={ws}
                m={m}
                self={m.userId === user.id}
                manage={actions && m.userId !== user.id && canManageMember(ws.role, m.role)}
                showActions={actions}
                roleSaving={roleSaving}
              />
            ))}
          </Table>
        )}
      </QueryState>
    </section>
  );
}
