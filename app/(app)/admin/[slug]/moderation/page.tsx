import { AdminSection } from '@/components/admin/AdminSection';
import { ModerationSection } from '@/components/admin/moderation/ModerationSection';
import { sectionMetadata } from '@/components/admin/sections';

export const metadata = sectionMetadata('moderation');

export default function ModerationPage() {
  return (
    <AdminSection path="moderation">
      <ModerationSection />
    </AdminSection>
  );
}
