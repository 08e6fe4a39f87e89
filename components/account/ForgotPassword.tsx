'use client';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/components/client/auth-client';
import { formText } from '@/components/client/form';
import { toShownError, type ShownError } from '@/components/client/errors';
import { Field, FormError } from '@/components/ui/field';

export function ForgotPassword() {
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);
  const [sent, setSent] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    // better-auth mails a link to /api/auth/reset-password/<token>, which redirects to
    // /reset-password?token=… (or ?error=INVALID_TOKEN).
    const res = await authClient.requestPasswordReset({
      email: formText(form, 'email'),
      redirectTo: '/reset-password',
    });
    setPending(false);
    if (res.error) return setError(toShownError(res.error));
    setSent(true);
  }

  return (
    <>
      <h1>Reset your password</h1>
      {sent ? (
        <p role="status">
          If an account exists for that address, a reset link is on its way. Check your mail.
        </p>
      ) : (
        <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
          <FormError error={error} />
          <Field label="Email" name="email" type="email" autoComplete="email" required error={error} />
          <button type="submit" disabled={pending}>
            {pending ? 'Sending…' : 'Send reset link'}
          </button>
        </form>
      )}
    </>
  );
}
