'use client';
import { useState } from 'react';
import { authClient } from '@/components/client/auth-client';
import { formText } from '@/components/client/form';
import { AuthForm, EmailField } from './AuthForm';

export function ForgotPassword() {
  const [sent, setSent] = useState(false);

  return (
    <>
      <h1>Reset your password</h1>
      {sent ? (
        <p role="status">
          If an account exists for that address, a reset link is on its way. Check your mail.
        </p>
      ) : (
        <AuthForm
          // better-auth mails a link to /api/auth/reset-password/<token>, which redirects to
          // /reset-password?token=… (or ?error=INVALID_TOKEN).
          send={(form) =>
            authClient.requestPasswordReset({ email: formText(form, 'email'), redirectTo: '/reset-password' })
          }
          done={() => setSent(true)}
          submit={['Send reset link', 'Sending…']}
        >
          {(error) => <EmailField error={error} />}
        </AuthForm>
      )}
    </>
  );
}
