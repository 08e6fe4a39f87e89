'use client';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState, type FormEvent } from 'react';
import { authClient } from '@/components/client/auth-client';
import { formText } from '@/components/client/form';
import { toShownError, type ShownError } from '@/components/client/errors';
import { Field, FormError, Loading } from '@/components/ui/field';

export function ResetPassword() {
  return (
    <Suspense fallback={<Loading what="the form" />}>
      <ResetPasswordForm />
    </Suspense>
  );
}

function ResetPasswordForm() {
  const router = useRouter();
  const params = useSearchParams();
  const token = params.get('token');
  const [error, setError] = useState<ShownError | null>(null);
  const [pending, setPending] = useState(false);

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

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await authClient.resetPassword({
      newPassword: formText(form, 'password'),
      token: token ?? '',
    });
    setPending(false);
    if (res.error) return setError(toShownError(res.error));
    router.push('/sign-in?reset=done');
  }

  return (
    <>
      <h1>Choose a new password</h1>
      <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormError error={error} />
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={error}
        />
        <button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Set password'}
        </button>
      </form>
    </>
  );
}
