'use client';
import Link from 'next/link';
import { useState } from 'react';
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
  const { next, carry } = useNext();
  // The address the link went to. Sign-up answers the same for a new and a taken address, so the
  // page cannot (and does not) say which it was: the mail does.
  const [sentTo, setSentTo] = useState<string | null>(null);

  if (sentTo) {
    return (
      <>
        <h1>Check your email</h1>
        <p role="status">
          We sent a message to <strong>{sentTo}</strong>. Open the link in it to finish creating your account;
          it signs you in. If the address already has an account, the message says how to sign in instead.
        </p>
        <p>
          Nothing there after a few minutes? Look in your spam folder, or{' '}
          <button type="button" className="link-btn" onClick={() => setSentTo(null)}>
            use a different address
          </button>
          .
        </p>
        <p>
          <Link href={carry('/sign-in')}>Sign in</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <h1>Create an account</h1>
      <AuthForm
        send={async (form) => {
          const email = formText(form, 'email');
          const res = await authClient.signUp.email({
            name: formText(form, 'name'),
            email,
            password: formText(form, 'password'),
            // Where the mailed link lands, signed in: the page that sent the person here.
            callbackURL: next,
          });
          if (!res.error) setSentTo(email);
          return res;
        }}
        done={() => undefined}
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
