import { SignIn } from '@/components/account/SignIn';

export default function SignInPage() {
  return <SignIn />;
}
