'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type Member, type Role, type Workspace } from '@/components/client/trpc';
import { ConfirmButton } from '@/components/admin/ConfirmButton';
import { showTime } from '@/components/admin/dates';
import { FormProblem } from '@/components/admin/FormProblem';
import { Avatar } from '@/components/ui/Avatar';
import { SelectField } from '@/components/ui/field';
import { assignableRoles } from '@/shared/roles';
import { QuarantineControl } from './QuarantineControl';

/**
 * How a role change is made: at once when another role is picked, or with a Save button next to
 * the picker (a select that acts on every change fires while someone arrows through it).
 */
export type RoleSaving = 'on-pick' | 'save-button';

export function MemberRow({
  ws,
  m,
  self,
  manage,
  showActions,
  roleSaving,
}: {
  ws: Workspace;
  m: Member;
  self: boolean;
  /** The viewer may change this member's role and remove them (never themselves: that is leaving). */
  manage: boolean;
  showActions: boolean;
  roleSaving: RoleSaving;
}) {
  const utils = trpc.useUtils();
  const refresh = () => Promise.all([utils.member.list.invalidate(), utils.workspace.listMine.invalidate()]);
  const changeRole = trpc.member.changeRole.useMutation({ onSuccess: refresh });
  const remove = trpc.member.remove.useMutation({ onSuccess: refresh });
  const reset = trpc.admin.resetSessions.useMutation();
  const [picked, setPicked] = useState<Role>(m.role);
  const error = toShownError(changeRole.error ?? remove.error ?? reset.error);
  const save = (role: Role) => changeRole.mutate({ workspaceId: ws.id, userId: m.userId, role });
  const picker = (onPick: (role: Role) => void, value: Role) => (
    <SelectField
      label={`Role of ${m.name}`}
      name="role"
      hideLabel
      value={value}
      error={error}
      disabled={roleSaving === 'on-pick' && changeRole.isPending}
      options={assignableRoles(ws.role).map((r) => ({ value: r, label: r }))}
      onChange={(e) => onPick(e.target.value as Role)}
    />
  );

  function onSave(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save(picked);
  }

  return (
    <tr aria-label={m.name}>
      <th scope="row">
        <span className="member-name">
          <Avatar userId={m.userId} name={m.name} size="sm" colour={m.avatarColour} presence={m.status} />
          {m.name}
        </span>
        {self ? <span className="muted"> (you)</span> : null}
        {m.visitor ? <span className="admin-badge">Visitor</span> : null}
      </th>
      <td>{m.email ?? '—'}</td>
      <td>
        {/* Widget visitors stay guests (the server refuses role changes); removal stays available. */}
        {!manage || m.visitor ? (
          <span>{m.role}</span>
        ) : roleSaving === 'on-pick' ? (
          // The picked role shows while the change is on its way; the refreshed list confirms it.
          picker(save, changeRole.isPending ? changeRole.variables.role : m.role)
        ) : (
          <form className="row admin-inline" onSubmit={onSave}>
            {picker(setPicked, picked)}
            <button type="submit" className="secondary" disabled={changeRole.isPending || picked === m.role}>
              {changeRole.isPending ? 'Saving…' : 'Save'}
              <span className="sr-only"> role of {m.name}</span>
            </button>
          </form>
        )}
      </td>
      <td>
        <time dateTime={m.joinedAt}>{showTime(m.joinedAt)}</time>
      </td>
      <td>
        {m.online ? (
          <span>
            {m.status === 'away' ? 'Away' : m.status === 'dnd' ? 'Online, do not disturb' : 'Online now'}
            {m.statusText ? <span className="muted"> · {m.statusText}</span> : null}
          </span>
        ) : m.lastSeenAt ? (
          <time dateTime={m.lastSeenAt}>{showTime(m.lastSeenAt)}</time>
        ) : (
          <span className="muted">Not yet</span>
        )}
      </td>
      {showActions ? (
        <td>
          {manage ? (
            <div className="row admin-inline">
              <ConfirmButton
                label={`Remove ${m.name}`}
                question={`Remove ${m.name} from ${ws.name}?`}
                confirmLabel="Yes, remove"
                pending={remove.isPending}
                onConfirm={() => remove.mutate({ workspaceId: ws.id, userId: m.userId })}
              />
              <ConfirmButton
                label={`Sign ${m.name} out everywhere`}
                question={`End every sign-in of ${m.name}, on every device, and revoke the API keys they made here?`}
                confirmLabel="Yes, sign out"
                className="secondary"
                pending={reset.isPending}
                onConfirm={() => reset.mutate({ workspaceId: ws.id, userId: m.userId })}
              />
              <QuarantineControl ws={ws} m={m} />
            </div>
          ) : null}
          {reset.data ? (
            <p role="status" className="ok">
              {resetSummary(m.name, reset.data)}
            </p>
          ) : null}
          <FormProblem error={error} fields={['role']} />
        </td>
      ) : null}
    </tr>
  );
}

function resetSummary(name: string, r: { sessions: number; apiKeys: number; widgetSessions: number }) {
  const n = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`;
  const parts = [
    n(r.sessions + r.widgetSessions, 'session'),
    ...(r.apiKeys ? [n(r.apiKeys, 'API key')] : []),
  ];
  return `${name} is signed out everywhere: ${parts.join(' and ')} ended.`;
}
