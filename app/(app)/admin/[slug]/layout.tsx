import type { ReactNode } from 'react';
import { AdminShell } from '@/components/admin/AdminShell';
import '@/components/admin/admin.css';

export default function AdminLayout({ children }: { children: ReactNode }) {
  return <AdminShell>{children}</AdminShell>;
}
