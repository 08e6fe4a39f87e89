import { AdminSection } from '@/components/admin/AdminSection';
import { FilesSection } from '@/components/admin/files/FilesSection';
import { sectionMetadata } from '@/components/admin/sections';

export const metadata = sectionMetadata('files');

export default function FilesPage() {
  return (
    <AdminSection path="files">
      <FilesSection />
    </AdminSection>
  );
}
