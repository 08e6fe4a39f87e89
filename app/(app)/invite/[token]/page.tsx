import { AcceptInvitation } from '@/components/account/AcceptInvitation';

export default function InvitePage() {
  return <AcceptInvitation />;
}
