'use client';
import type { SessionUser } from '@/components/client/require-session';
import type { Workspace } from '@/components/client/trpc';
import { can } from '@/shared/roles';
import { Invitations } from './Invitations';
import { InviteForm } from './InviteForm';
import type { RoleSaving } from './MemberRow';
import { MemberTable } from './MemberTable';
import '@/components/admin/admin.css';

/**
 * The members of a workspace, in the web app and in the console alike: everyone sees the list;
 * admins also change roles, remove people and invite, within what their role allows (shared/roles).
 * What the two screens do differently is passed in.
 */
export function MembersPanel({
  ws,
  user,
  roleSaving,
  inviteByEmail,
}: {
  ws: Workspace;
  user: SessionUser;
  roleSaving: RoleSaving;
  /** Offer an email address to bind the invitation to (and mail it); otherwise links only. */
  inviteByEmail: boolean;
}) {
  const invites = can(ws.role, 'member.invite');
  return (
    <>
      <MemberTable ws={ws} user={user} roleSaving={roleSaving} />
      {invites ? <InviteForm ws={ws} byEmail={inviteByEmail} /> : null}
      {invites ? <Invitations ws={ws} /> : null}
    </>
  );
}
