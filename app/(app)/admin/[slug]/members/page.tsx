import { AdminSection } from '@/components/admin/AdminSection';
import { sectionMetadata } from '@/components/admin/sections';
import { MembersSection } from '@/components/admin/MembersSection';

export const metadata = sectionMetadata('members');

export default function MembersPage() {
  return (
    <AdminSection path="members">
      <MembersSection />
    </AdminSection>
  );
}
