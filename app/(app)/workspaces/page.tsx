import { YourWorkspaces } from '@/components/account/Workspaces';

export default function WorkspacesPage() {
  return <YourWorkspaces />;
}
