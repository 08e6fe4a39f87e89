import { SignUp } from '@/components/account/SignUp';

export default function SignUpPage() {
  return <SignUp />;
}
