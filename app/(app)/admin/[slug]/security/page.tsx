import { AdminSection } from '@/components/admin/AdminSection';
import { sectionMetadata } from '@/components/admin/sections';
import { SecuritySection } from '@/components/admin/security/SecuritySection';

export const metadata = sectionMetadata('security');

export default function SecurityPage() {
  return (
    <AdminSection path="security">
      <SecuritySection />
    </AdminSection>
  );
}
