import { AdminSection } from '@/components/admin/AdminSection';
import { RetentionSection } from '@/components/admin/retention/RetentionSection';
import { sectionMetadata } from '@/components/admin/sections';

export const metadata = sectionMetadata('retention');

export default function RetentionPage() {
  return (
    <AdminSection path="retention">
      <RetentionSection />
    </AdminSection>
  );
}
