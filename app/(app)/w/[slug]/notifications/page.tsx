import { NotificationsPage } from '@/components/workspace/NotificationsPage';

export default function WorkspaceNotificationsPage() {
  return <NotificationsPage />;
}
