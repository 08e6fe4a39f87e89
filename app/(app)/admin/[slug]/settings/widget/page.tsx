import { SettingsSection } from '@/components/admin/settings/SettingsSection';
import { settingsMetadata } from '@/components/admin/settings/tabs';

export const metadata = settingsMetadata('widget');

export default function WidgetSettingsPage() {
  return <SettingsSection tab="widget" />;
}
