import { AdminSection } from '@/components/admin/AdminSection';
import { sectionMetadata } from '@/components/admin/sections';
import { SettingsSection } from '@/components/admin/SettingsSection';

export const metadata = sectionMetadata('settings');

export default function SettingsPage() {
  return (
    <AdminSection path="settings">
      <SettingsSection />
    </AdminSection>
  );
}
