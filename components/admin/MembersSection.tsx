'use client';
import { useAdmin } from './admin-context';
import { Invitations } from './Invitations';
import { InviteForm } from './InviteForm';
import { MemberTable } from './MemberTable';

/** Moderators get the list only; invitations and role changes are for admins. */
export function MembersSection() {
  const { isAdmin } = useAdmin();
  return (
    <>
      {isAdmin ? <InviteForm /> : null}
      {isAdmin ? <Invitations /> : null}
      <MemberTable />
    </>
  );
}
