import { SettingsSection } from '@/components/admin/settings/SettingsSection';
import { settingsMetadata } from '@/components/admin/settings/tabs';

export const metadata = settingsMetadata('');

export default function WorkspaceSettingsPage() {
  return <SettingsSection tab="" />;
}
