'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { formText } from '@/components/client/form';
import { trpc, type Role, type Workspace } from '@/components/client/trpc';
import { CopyField } from '@/components/admin/CopyField';
import { FormProblem } from '@/components/admin/FormProblem';
import { Field, SelectField } from '@/components/ui/field';
import { invitableRoles } from '@/shared/roles';

/**
 * Invite by link (anyone holding it works it once) or, with `byEmail`, by email (mailed, and only
 * that address may accept).
 */
export function InviteForm({ ws, byEmail }: { ws: Pick<Workspace, 'id' | 'role'>; byEmail: boolean }) {
  const utils = trpc.useUtils();
  const invite = trpc.member.invite.useMutation({ onSuccess: () => utils.member.invitations.invalidate() });
  const error = toShownError(invite.error);
  const roles = invitableRoles(ws.role);
  const [role, setRole] = useState<Role>('member');

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = byEmail ? formText(new FormData(e.currentTarget), 'email').trim() : '';
    invite.mutate({ workspaceId: ws.id, role, ...(email ? { email } : {}) });
  }

  const created = invite.data;
  return (
    <section aria-labelledby="invite-h">
      <h2 id="invite-h">{byEmail ? 'Invite people' : 'Invite by link'}</h2>
      <form className="row" onSubmit={onSubmit} noValidate>
        <SelectField
          label="Role for the invitee"
          name="role"
          value={role}
          error={error}
          options={roles.map((r) => ({ value: r, label: r }))}
          onChange={(e) => setRole(e.target.value as Role)}
        />
        {byEmail ? (
          <Field
            label="Email (optional)"
            name="email"
            type="email"
            autoComplete="off"
            error={error}
            hint="Leave empty for a link anyone can use once."
          />
        ) : null}
        <button type="submit" disabled={invite.isPending}>
          {invite.isPending ? 'Creating…' : byEmail ? 'Create invitation' : 'Create invite link'}
        </button>
      </form>
      <FormProblem error={error} fields={['role', 'email']} />
      {created ? (
        <div className="stack admin-result">
          <p role="status">
            {created.email
              ? `Invitation for ${created.email} as ${created.role} created and sent by email; only that address can accept it.`
              : `Invitation link for a ${created.role} created; it works once.`}
          </p>
          <CopyField label={`Invite link (${created.role}, works once)`} value={created.url} />
        </div>
      ) : null}
    </section>
  );
}
