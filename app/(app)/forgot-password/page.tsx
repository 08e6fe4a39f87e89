import { ForgotPassword } from '@/components/account/ForgotPassword';

export default function ForgotPasswordPage() {
  return <ForgotPassword />;
}
