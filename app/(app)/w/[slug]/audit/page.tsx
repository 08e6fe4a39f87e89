import { redirect } from 'next/navigation';

// The audit log lives in the admin console; old links keep working.
export default async function AuditRedirect({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  redirect(`/admin/${encodeURIComponent(slug)}/audit`);
}
