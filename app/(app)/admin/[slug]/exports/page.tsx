import { AdminSection } from '@/components/admin/AdminSection';
import { ExportsSection } from '@/components/admin/exports/ExportsSection';
import { sectionMetadata } from '@/components/admin/sections';

export const metadata = sectionMetadata('exports');

export default function ExportsPage() {
  return (
    <AdminSection path="exports">
      <ExportsSection />
    </AdminSection>
  );
}
