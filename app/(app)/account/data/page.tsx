import { MyData } from '@/components/account/MyData';

export const metadata = { title: 'Your data · Enclave' };

export default function AccountDataPage() {
  return <MyData />;
}
