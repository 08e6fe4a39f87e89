import { AdminSection } from '@/components/admin/AdminSection';
import { sectionMetadata } from '@/components/admin/sections';
import { ChannelForm } from '@/components/admin/ChannelForm';
import { ChannelTable } from '@/components/admin/ChannelTable';

export const metadata = sectionMetadata('channels');

export default function ChannelsPage() {
  return (
    <AdminSection path="channels">
      <ChannelForm />
      <ChannelTable />
    </AdminSection>
  );
}
