import { MembersPage } from '@/components/workspace/MembersPage';

export default function WorkspaceMembersPage() {
  return <MembersPage />;
}
