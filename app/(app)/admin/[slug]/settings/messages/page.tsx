import { SettingsSection } from '@/components/admin/settings/SettingsSection';
import { settingsMetadata } from '@/components/admin/settings/tabs';

export const metadata = settingsMetadata('messages');

export default function MessageSettingsPage() {
  return <SettingsSection tab="messages" />;
}
