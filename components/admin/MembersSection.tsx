'use client';
import { MembersPanel } from '@/components/members/MembersPanel';
import { useAdmin } from './admin-context';

/** Moderators get the list only; invitations and role changes are for admins. */
export function MembersSection() {
  const { ws, user } = useAdmin();
  return <MembersPanel ws={ws} user={user} roleSaving="save-button" inviteByEmail />;
}
