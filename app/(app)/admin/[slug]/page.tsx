import { AdminSection } from '@/components/admin/AdminSection';
import { sectionMetadata } from '@/components/admin/sections';
import { Overview } from '@/components/admin/Overview';

export const metadata = sectionMetadata('');

export default function OverviewPage() {
  return (
    <AdminSection path="">
      <Overview />
    </AdminSection>
  );
}
