import { AdminSection } from '@/components/admin/AdminSection';
import { ComplianceReport } from '@/components/admin/report/ComplianceReport';
import { sectionMetadata } from '@/components/admin/sections';

export const metadata = sectionMetadata('report');

export default function ReportPage() {
  return (
    <AdminSection path="report">
      <ComplianceReport />
    </AdminSection>
  );
}
