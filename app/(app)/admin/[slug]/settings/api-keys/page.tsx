import { SettingsSection } from '@/components/admin/settings/SettingsSection';
import { settingsMetadata } from '@/components/admin/settings/tabs';

export const metadata = settingsMetadata('api-keys');

export default function ApiKeySettingsPage() {
  return <SettingsSection tab="api-keys" />;
}
