import { SettingsSection } from '@/components/admin/settings/SettingsSection';
import { settingsMetadata } from '@/components/admin/settings/tabs';

export const metadata = settingsMetadata('encryption');

export default function EncryptionSettingsPage() {
  return <SettingsSection tab="encryption" />;
}
