'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type Member, type Role } from '@/components/client/trpc';
import { SelectField } from '@/components/ui/field';
import { useAdmin } from './admin-context';
import { ConfirmButton } from './ConfirmButton';
import { showTime } from './dates';
import { FormProblem } from './FormProblem';
import { QueryState } from './QueryState';
import { assignableRoles, canManageMember } from '@/shared/roles';

/** Everyone in the workspace; admins change roles and remove people within what their role allows. */
export function MemberTable() {
  const { ws, user, isAdmin } = useAdmin();
  const members = trpc.member.list.useQuery({ workspaceId: ws.id });
  // Widget visitors can far outnumber the team: listed only on request.
  const [withVisitors, setWithVisitors] = useState(false);
  const visitors = members.data?.filter((m) => m.visitor).length ?? 0;
  return (
    <section aria-labelledby="members-h">
      <h2 id="members-h">Members</h2>
      {visitors > 0 ? (
        <label className="admin-check">
          <input type="checkbox" checked={withVisitors} onChange={(e) => setWithVisitors(e.target.checked)} />{' '}
          Show widget visitors ({visitors})
        </label>
      ) : null}
      <QueryState query={members} what="members" empty="No members.">
        {(all) => {
          const list = withVisitors ? all : all.filter((m) => !m.visitor);
          return (
            <table aria-label="Members">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Last seen</th>
                  {isAdmin ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <MemberRow
                    // A role changed elsewhere (live update) resets the row's picker to it.
                    key={`${m.userId}:${m.role}`}
                    m={m}
                    self={m.userId === user.id}
                    manage={isAdmin && m.userId !== user.id && canManageMember(ws.role, m.role)}
                    showActions={isAdmin}
                  />
                ))}
              </tbody>
            </table>
          );
        }}
      </QueryState>
    </section>
  );
}

function MemberRow({
  m,
  self,
  manage,
  showActions,
}: {
  m: Member;
  self: boolean;
  manage: boolean;
  showActions: boolean;
}) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const refresh = () => Promise.all([utils.member.list.invalidate(), utils.workspace.listMine.invalidate()]);
  const changeRole = trpc.member.changeRole.useMutation({ onSuccess: refresh });
  const remove = trpc.member.remove.useMutation({ onSuccess: refresh });
  const [picked, setPicked] = useState<Role>(m.role);
  const error = toShownError(changeRole.error ?? remove.error);

  // A select that acts on every change would fire while someone arrows through it: saving is explicit.
  function onSave(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    changeRole.mutate({ workspaceId: ws.id, userId: m.userId, role: picked });
  }

  return (
    <tr aria-label={m.name}>
      <th scope="row">
        {m.name}
        {self ? <span className="muted"> (you)</span> : null}
        {m.visitor ? <span className="admin-badge">Visitor</span> : null}
      </th>
      <td>{m.email ?? '—'}</td>
      <td>
        {/* Widget visitors stay guests (the server refuses role changes); removal stays available. */}
        {manage && !m.visitor ? (
          <form className="row admin-inline" onSubmit={onSave}>
            <SelectField
              label={`Role of ${m.name}`}
              name="role"
              hideLabel
              value={picked}
              error={error}
              options={assignableRoles(ws.role).map((r) => ({ value: r, label: r }))}
              onChange={(e) => setPicked(e.target.value as Role)}
            />
            <button type="submit" className="secondary" disabled={changeRole.isPending || picked === m.role}>
              {changeRole.isPending ? 'Saving…' : 'Save'}
              <span className="sr-only"> role of {m.name}</span>
            </button>
          </form>
        ) : (
          <span>{m.role}</span>
        )}
      </td>
      <td>
        <time dateTime={m.joinedAt}>{showTime(m.joinedAt)}</time>
      </td>
      <td>
        {m.online ? (
          <span>Online now</span>
        ) : m.lastSeenAt ? (
          <time dateTime={m.lastSeenAt}>{showTime(m.lastSeenAt)}</time>
        ) : (
          <span className="muted">Not yet</span>
        )}
      </td>
      {showActions ? (
        <td>
          {manage ? (
            <ConfirmButton
              label={`Remove ${m.name}`}
              question={`Remove ${m.name} from ${ws.name}?`}
              confirmLabel="Yes, remove"
              pending={remove.isPending}
              onConfirm={() => remove.mutate({ workspaceId: ws.id, userId: m.userId })}
            />
          ) : null}
          <FormProblem error={error} fields={['role']} />
        </td>
      ) : null}
    </tr>
  );
}
