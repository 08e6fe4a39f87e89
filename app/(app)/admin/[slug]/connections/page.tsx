import { AdminSection } from '@/components/admin/AdminSection';
import { sectionMetadata } from '@/components/admin/sections';
import { Connections } from '@/components/admin/Connections';

export const metadata = sectionMetadata('connections');

export default function ConnectionsPage() {
  return (
    <AdminSection path="connections">
      <Connections />
    </AdminSection>
  );
}
