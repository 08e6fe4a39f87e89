import { AdminSection } from '@/components/admin/AdminSection';
import { sectionMetadata } from '@/components/admin/sections';
import { AuditLog } from '@/components/admin/AuditLog';

export const metadata = sectionMetadata('audit');

export default function AuditPage() {
  return (
    <AdminSection path="audit">
      <AuditLog />
    </AdminSection>
  );
}
