import { ResetPassword } from '@/components/account/ResetPassword';

export default function ResetPasswordPage() {
  return <ResetPassword />;
}
