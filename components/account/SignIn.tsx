'use client';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { authClient } from '@/components/client/auth-client';
import { formText } from '@/components/client/form';
import { AuthForm, AuthPage, EmailField, PasswordField, useNext } from './AuthForm';

export function SignIn() {
  return (
    <AuthPage>
      <SignInForm />
    </AuthPage>
  );
}

function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const { next, carry } = useNext();

  return (
    <>
      <h1>Sign in</h1>
      {params.get('reset') === 'done' ? (
        <p role="status" className="ok">
          Your password was changed. Sign in with the new one.
        </p>
      ) : null}
      <AuthForm
        send={(form) =>
          authClient.signIn.email({ email: formText(form, 'email'), password: formText(form, 'password') })
        }
        done={() => router.push(next)}
        submit={['Sign in', 'Signing in…']}
      >
        {(error) => (
          <>
            <EmailField error={error} />
            <PasswordField autoComplete="current-password" error={error} />
          </>
        )}
      </AuthForm>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link> ·{' '}
        <Link href={carry('/sign-up')}>Create an account</Link>
      </p>
    </>
  );
}
