import { NotificationSettings } from '@/components/workspace/NotificationSettings';

export default function WorkspaceNotificationSettingsPage() {
  return <NotificationSettings />;
}
