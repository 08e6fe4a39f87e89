'use client';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { authClient } from '@/components/client/auth-client';
import { formText } from '@/components/client/form';
import { AuthForm, AuthPage, PasswordField } from './AuthForm';

export function ResetPassword() {
  return (
    <AuthPage>
      <ResetPasswordForm />
    </AuthPage>
  );
}

function ResetPasswordForm() {
  const router = useRouter();
  const params = useSearchParams();
  const token = params.get('token');

  if (!token || params.get('error')) {
    return (
      <>
        <h1>Choose a new password</h1>
        <p role="alert" className="form-error">
          This reset link is invalid or has expired.
        </p>
        <p>
          <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <h1>Choose a new password</h1>
      <AuthForm
        send={(form) => authClient.resetPassword({ newPassword: formText(form, 'password'), token })}
        done={() => router.push('/sign-in?reset=done')}
        submit={['Set password', 'Saving…']}
      >
        {(error) => <PasswordField label="New password" autoComplete="new-password" error={error} />}
      </AuthForm>
    </>
  );
}
