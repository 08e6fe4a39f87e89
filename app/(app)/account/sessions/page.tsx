import { Sessions } from '@/components/account/Sessions';

export default function AccountSessionsPage() {
  return <Sessions />;
}
