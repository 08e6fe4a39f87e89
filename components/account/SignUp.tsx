'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { authClient } from '@/components/client/auth-client';
import { formText } from '@/components/client/form';
import { Field } from '@/components/ui/field';
import { AuthForm, AuthPage, EmailField, PasswordField, useNext } from './AuthForm';

export function SignUp() {
  return (
    <AuthPage>
      <SignUpForm />
    </AuthPage>
  );
}

function SignUpForm() {
  const router = useRouter();
  const { next, carry } = useNext();

  return (
    <>
      <h1>Create an account</h1>
      <AuthForm
        send={(form) =>
          authClient.signUp.email({
            name: formText(form, 'name'),
            email: formText(form, 'email'),
            password: formText(form, 'password'),
          })
        }
        done={() => router.push(next)}
        submit={['Create account', 'Creating…']}
      >
        {(error) => (
          <>
            <Field label="Name" name="name" autoComplete="name" required error={error} />
            <EmailField error={error} />
            <PasswordField autoComplete="new-password" error={error} />
          </>
        )}
      </AuthForm>
      <p>
        Already have an account? <Link href={carry('/sign-in')}>Sign in</Link>
      </p>
    </>
  );
}
