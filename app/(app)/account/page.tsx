import { Profile } from '@/components/account/Profile';

export default function AccountPage() {
  return <Profile />;
}
