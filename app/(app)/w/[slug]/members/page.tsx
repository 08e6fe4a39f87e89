'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc, type Member, type Role, type Workspace } from '@/components/client/trpc';
import type { SessionUser } from '@/components/client/require-session';
import { FormError, Loading, SelectField } from '@/components/ui/field';
import { atLeast, roles } from '@/shared/roles';
import { useWorkspace } from '@/components/workspace/workspace-context';

/** Members, invitations, roles and leaving (the workspace layout has gated the page already). */
export default function MembersPage() {
  const { ws, user } = useWorkspace();
  const admin = atLeast(ws.role, 'admin');
  return (
    <div className="pane">
      <p className="muted">
        Your role: <strong>{ws.role}</strong>
      </p>
      <Members ws={ws} user={user} admin={admin} />
      {admin ? <Invite ws={ws} /> : null}
      {admin ? <Invitations ws={ws} /> : null}
      <Leave ws={ws} />
    </div>
  );
}

function Members({ ws, user, admin }: { ws: Workspace; user: SessionUser; admin: boolean }) {
  const members = trpc.member.list.useQuery({ workspaceId: ws.id });
  // Widget visitors can far outnumber the team: listed only on request.
  const [withVisitors, setWithVisitors] = useState(false);
  const visitors = members.data?.filter((m) => m.visitor).length ?? 0;
  const shown = (members.data ?? []).filter((m) => withVisitors || !m.visitor);
  return (
    <section aria-labelledby="members-h">
      <h2 id="members-h">Members</h2>
      {visitors > 0 ? (
        <label className="check">
          <input type="checkbox" checked={withVisitors} onChange={(e) => setWithVisitors(e.target.checked)} />{' '}
          Show widget visitors ({visitors})
        </label>
      ) : null}
      {members.isPending ? (
        <Loading what="members" />
      ) : members.error ? (
        <FormError error={toShownError(members.error)} />
      ) : members.data.length === 0 ? (
        <p className="muted">No members.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              {admin ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <MemberRow key={m.userId} ws={ws} m={m} self={m.userId === user.id} admin={admin} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MemberRow({ ws, m, self, admin }: { ws: Workspace; m: Member; self: boolean; admin: boolean }) {
  const utils = trpc.useUtils();
  const refresh = () => Promise.all([utils.member.list.invalidate(), utils.workspace.listMine.invalidate()]);
  const changeRole = trpc.member.changeRole.useMutation({ onSuccess: refresh });
  const remove = trpc.member.remove.useMutation({ onSuccess: refresh });
  const error = toShownError(changeRole.error ?? remove.error);
  return (
    <tr aria-label={m.name}>
      <td>
        {m.name}
        {self ? <span className="muted"> (you)</span> : null}
        {m.visitor ? (
          <>
            {' '}
            <span className="badge">Visitor</span>
          </>
        ) : null}
      </td>
      <td>{m.email ?? '—'}</td>
      <td>
        {/* Widget visitors stay guests (the server refuses role changes); they can still be removed. */}
        {admin && !self && !m.visitor ? (
          <SelectField
            label={`Role of ${m.name}`}
            name="role"
            hideLabel
            // The picked role shows while the change is on its way; the refreshed list confirms it.
            value={changeRole.isPending ? changeRole.variables.role : m.role}
            disabled={changeRole.isPending}
            options={roles.map((r) => ({ value: r, label: r }))}
            onChange={(e) =>
              changeRole.mutate({ workspaceId: ws.id, userId: m.userId, role: e.target.value as Role })
            }
          />
        ) : (
          <span>{m.role}</span>
        )}
      </td>
      {admin ? (
        <td>
          {self ? null : (
            <button
              type="button"
              className="danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ workspaceId: ws.id, userId: m.userId })}
            >
              Remove {m.name}
            </button>
          )}
          {error ? <FormError error={error} /> : null}
        </td>
      ) : null}
    </tr>
  );
}

function Invite({ ws }: { ws: Workspace }) {
  const utils = trpc.useUtils();
  const [role, setRole] = useState<Role>('member');
  const [copied, setCopied] = useState<string | null>(null);
  const invite = trpc.member.invite.useMutation({
    onSuccess: () => {
      setCopied(null);
      return utils.member.invitations.invalidate();
    },
  });
  const error = toShownError(invite.error);

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Could not copy: select the link and copy it.');
    }
  }

  return (
    <section aria-labelledby="invite-h">
      <h2 id="invite-h">Invite by link</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate({ workspaceId: ws.id, role });
        }}
      >
        <SelectField
          label="Role for the invitee"
          name="role"
          value={role}
          error={error}
          // Owners are made by promotion, never by invitation (the server refuses it too).
          options={roles.filter((r) => r !== 'owner').map((r) => ({ value: r, label: r }))}
          onChange={(e) => setRole(e.target.value as Role)}
        />
        <button type="submit" disabled={invite.isPending}>
          {invite.isPending ? 'Creating…' : 'Create invite link'}
        </button>
      </form>
      <FormError error={error} />
      {invite.data ? (
        <div className="stack">
          <label htmlFor="invite-url">Invite link ({invite.data.role}, works once)</label>
          <input id="invite-url" readOnly value={invite.data.url} onFocus={(e) => e.currentTarget.select()} />
          <div className="row">
            <button type="button" className="secondary" onClick={() => void copy(invite.data.url)}>
              Copy link
            </button>
            <span role="status">{copied}</span>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function Invitations({ ws }: { ws: Workspace }) {
  const utils = trpc.useUtils();
  const list = trpc.member.invitations.useQuery({ workspaceId: ws.id });
  const revoke = trpc.member.revokeInvitation.useMutation({
    onSuccess: () => utils.member.invitations.invalidate(),
  });
  return (
    <section aria-labelledby="invitations-h">
      <h2 id="invitations-h">Pending invitations</h2>
      <FormError error={toShownError(revoke.error)} />
      {list.isPending ? (
        <Loading what="invitations" />
      ) : list.error ? (
        <FormError error={toShownError(list.error)} />
      ) : list.data.length === 0 ? (
        <p className="muted">No pending invitations.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">For</th>
              <th scope="col">Expires</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((inv) => (
              <tr key={inv.id}>
                <td>{inv.role}</td>
                <td>{inv.email ?? 'anyone with the link'}</td>
                <td>
                  <time dateTime={inv.expiresAt}>{new Date(inv.expiresAt).toLocaleString()}</time>
                </td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ workspaceId: ws.id, invitationId: inv.id })}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Leave({ ws }: { ws: Workspace }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState(false);
  const leave = trpc.member.leave.useMutation({
    onSuccess: async () => {
      await utils.workspace.listMine.invalidate();
      router.push('/workspaces');
    },
  });
  return (
    <section aria-labelledby="leave-h">
      <h2 id="leave-h">Leave</h2>
      <FormError error={toShownError(leave.error)} />
      {confirming ? (
        <div className="row">
          <span>Leave {ws.name}? You will need a new invitation to come back.</span>
          <button
            type="button"
            className="danger"
            disabled={leave.isPending}
            onClick={() => leave.mutate({ workspaceId: ws.id })}
          >
            Yes, leave
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Leave workspace
        </button>
      )}
    </section>
  );
}
