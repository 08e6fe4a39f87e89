import { AdminSection } from '@/components/admin/AdminSection';
import { PrivacySection } from '@/components/admin/privacy/PrivacySection';
import { sectionMetadata } from '@/components/admin/sections';

export const metadata = sectionMetadata('privacy');

export default function PrivacyPage() {
  return (
    <AdminSection path="privacy">
      <PrivacySection />
    </AdminSection>
  );
}
